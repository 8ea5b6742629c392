//! Writing parsed records: all of them in one command through the store's one door, so one
//! transaction and one audit entry — either every good row is in the database or none is.

use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use super::columns::SavedMapping;
use super::error::ImportError;
use super::finder::FindOptions;
use super::finder::Found;
use super::parse::{BadRow, IgnoredRow, Parsed, ParsedRecord, ParsedRow, parse_pieces_into};
use super::table::{RawTable, StreamState, Streamer};
use super::{ImportKind, Phase, Progress};
use crate::domain::{CaseFile, Id, Inspection, LedgerEntry, Officer, Receipt, RecordId};
use crate::store::{Store, StoreError, Writer};

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// What was imported.
    pub kind: ImportKind,
    /// How many records were written.
    pub imported: usize,
    /// The problems of the rows left out (empty unless the user chose to skip bad rows).
    pub skipped: Vec<BadRow>,
    /// How many rows were left out for problems.
    pub skipped_rows: usize,
    /// Total rows left out on purpose.
    pub ignored: Vec<IgnoredRow>,
    /// The records written, in file order (for undo, and to show them).
    pub created: Vec<RecordId>,
}

/// Writes the good records of `parsed` for its inspection, in one transaction with one audit entry
/// (`import.<kind>`). With bad rows and `skip_bad` false nothing is written
/// ([`ImportError::BadRows`]). Progress is reported and `cancel` checked every [`crate::store::write::BATCH`]
/// records; a cancelled import is rolled back.
pub fn commit(
    store: &mut Store,
    parsed: &Parsed,
    skip_bad: bool,
    progress: &dyn Fn(Progress),
    cancel: &AtomicBool,
) -> Result<ImportReport, ImportError> {
    if store.get(parsed.inspection_id)?.is_none() {
        return Err(ImportError::InspectionNotFound(parsed.inspection_id.to_string()));
    }
    if !parsed.is_clean() && !skip_bad {
        return Err(ImportError::BadRows {
            rows: parsed.bad_rows,
            problems: parsed.bad.len(),
            good: parsed.rows.len(),
        });
    }
    if parsed.rows.is_empty() {
        return Err(ImportError::NothingToImport);
    }
    if parsed.rows.iter().any(|row| !belongs(&row.record, parsed.kind, parsed.inspection_id)) {
        return Err(ImportError::Mismatch);
    }
    let kind = parsed.kind;
    let total = parsed.rows.len();
    let summary = summary(parsed, total);
    let action = format!("import.{}", kind.as_str());
    progress(Progress { phase: Phase::Writing, done: 0, total });
    let created = store.write(&action, &summary, |w| {
        // Rows of one kind are written as one batch; the order of the file is kept.
        let tick = |done: usize| {
            if cancel.load(Ordering::Relaxed) {
                return Err(StoreError::Cancelled);
            }
            progress(Progress { phase: Phase::Writing, done, total });
            Ok(())
        };
        let created = create_rows(w, kind, parsed.rows.chunks(crate::store::write::BATCH), tick)?;
        if cancel.load(Ordering::Relaxed) {
            return Err(StoreError::Cancelled);
        }
        Ok(created)
    })?;
    progress(Progress { phase: Phase::Writing, done: total, total });
    Ok(ImportReport {
        kind,
        imported: created.len(),
        skipped: parsed.bad.clone(),
        skipped_rows: parsed.bad_rows,
        ignored: parsed.ignored.clone(),
        created,
    })
}

/// The audit summary of an import of `written` rows of `parsed`.
fn summary(parsed: &Parsed, written: usize) -> String {
    let mut summary = format!("导入{} {} 条（{}", parsed.kind.label(), written, parsed.source);
    if parsed.bad_rows > 0 {
        summary.push_str(&format!("；跳过有误的行 {} 行", parsed.bad_rows));
    }
    summary.push('）');
    summary
}

/// Writes the records of the rows of `batches` (all of `kind`: [`belongs`] was checked), the
/// batches prepared on a second thread as they come (see [`Writer::create_stream`]).
fn create_rows<B: AsRef<[ParsedRow]> + Send>(
    w: &mut Writer<'_>,
    kind: ImportKind,
    batches: impl Iterator<Item = B> + Send,
    tick: impl FnMut(usize) -> Result<(), StoreError>,
) -> Result<Vec<RecordId>, StoreError> {
    match kind {
        ImportKind::Receipts => w.create_stream(batches, |row: &ParsedRow| row.record.receipt(), tick),
        ImportKind::Ledger => w.create_stream(batches, |row: &ParsedRow| row.record.ledger_entry(), tick),
        ImportKind::Cases => w.create_stream(batches, |row: &ParsedRow| row.record.case_file(), tick),
        ImportKind::Roster => w.create_stream(batches, |row: &ParsedRow| row.record.officer(), tick),
        // `parse` refuses the campaign's tables: no row of them is ever parsed here.
        ImportKind::Units | ImportKind::SelfReports | ImportKind::Complaints | ImportKind::Rectifications => {
            Ok(Vec::new())
        }
    }
}

/// What [`import_streamed`] did.
#[derive(Debug)]
pub enum Streamed {
    /// The good rows are written. `parsed` is what was read of the file, without its records
    /// (they were written as they were read): the rows left out, the problems of the rows
    /// skipped, the sheets. `repeated` names the rows whose record the inspection had already
    /// (sheet, row number), as [`review`] finds them.
    Imported { report: ImportReport, parsed: Parsed, repeated: Vec<(Option<String>, u32)> },
    /// Nothing is written: there are bad rows and they were not to be skipped. `parsed` lists
    /// them; `good` is how many rows were good.
    Refused { parsed: Parsed, good: usize },
}

/// Reads the included sheets of `found` and writes their records in one pass, in one transaction
/// with one audit entry, as [`commit`] of [`Found::parse`] would — but as a pipeline: a thread
/// reads the rows into records while this one writes them, a batch at a time, each freed once
/// written, so a million-row file never has all its records in memory at once. At the first bad
/// row (unless `skip_bad`) writing stops, the rest is only read for its problems, and everything
/// is rolled back: all or nothing, as before.
pub fn import_streamed(
    store: &mut Store,
    found: &Found,
    inspection_id: Id<Inspection>,
    skip_bad: bool,
    cancel: &AtomicBool,
) -> Result<Streamed, ImportError> {
    import_reviewed(store, found, inspection_id, skip_bad, &[], &super::no_progress, cancel)
}

/// What the window shows before anything is written ([`review`]): what was read of the file
/// without its records, how many rows are good, and those whose record the inspection has already.
#[derive(Debug)]
pub struct Reviewed {
    /// The sheets, the rows left out, the bad rows and their problems; no records.
    pub parsed: Parsed,
    /// How many rows are good (would be written).
    pub good: usize,
    /// The good rows whose record the inspection has already (same key, see
    /// [`ParsedRecord::key`]: importing them again would list the same receipt or case twice), by
    /// sheet and row number, in file order.
    pub already: Vec<(Option<String>, u32)>,
}

/// Reads the included sheets of `found` as [`Found::parse`] does, keeping of each record only
/// whether the inspection has it already: so the window can ask about bad rows and rows already
/// there without holding a million records beside the file's grid. [`import_reviewed`] reads them
/// again as it writes them.
pub fn review(
    store: &Store,
    found: &Found,
    inspection_id: Id<Inspection>,
    progress: &dyn Fn(Progress),
    cancel: &AtomicBool,
) -> Result<Reviewed, ImportError> {
    let existing = existing_keys(store, found.kind, inspection_id)?;
    let (mut good, mut already) = (0, Vec::new());
    let mut count = |rows: Vec<ParsedRow>| {
        good += rows.len();
        if !existing.is_empty() {
            already.extend(rows.into_iter().filter(|r| existing.contains(&r.record.key())).map(|r| (r.sheet, r.row)));
        }
    };
    let mut parsed = found.parse_into(inspection_id, progress, cancel, &mut |parsed: &mut Parsed| {
        count(std::mem::take(&mut parsed.rows));
        Ok(())
    })?;
    count(std::mem::take(&mut parsed.rows));
    Ok(Reviewed { parsed, good, already })
}

/// [`import_streamed`] of what the inspector reviewed: the rows `leave_out` (sheet, row number:
/// those the inspection has already, when the inspector chose to leave them out) are not
/// written; `progress` is told of the rows read.
pub fn import_reviewed(
    store: &mut Store,
    found: &Found,
    inspection_id: Id<Inspection>,
    skip_bad: bool,
    leave_out: &[(Option<String>, u32)],
    progress: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<Streamed, ImportError> {
    let leave_out: std::collections::HashSet<(Option<&str>, u32)> =
        leave_out.iter().map(|(sheet, row)| (sheet.as_deref(), *row)).collect();
    let parse = |take: &mut dyn FnMut(&mut Parsed) -> Result<(), ImportError>| {
        found.parse_into(inspection_id, progress, cancel, &mut |parsed: &mut Parsed| {
            if !leave_out.is_empty() {
                parsed.rows.retain(|r| !leave_out.contains(&(r.sheet.as_deref(), r.row)));
            }
            take(parsed)
        })
    };
    write_parsed(store, found.kind, inspection_id, skip_bad, cancel, parse)
}

/// What [`import_file`] did.
#[derive(Debug)]
pub struct FileImport {
    /// What the finder understood (of a sheet read as it was written: of its first rows).
    pub found: Found,
    /// What was written, or why nothing was.
    pub outcome: Streamed,
    /// Whether the sheet was written while it was read (else it was read whole first).
    pub streamed: bool,
}

/// Reads the file at `path`, finds its table (with the unit's `saved` choices and the command
/// line's `options`) and writes its records, as [`super::read_sheets`], [`Found::find`] and
/// [`import_streamed`] would, with the same outcome — but a large .xlsx of one worksheet is
/// written while it is read: a thread reads the sheet and hands it on in pieces, the finder looks
/// at its first rows, and the rows are read into records and written as the pieces come. A file
/// the finder or the reader has a problem with, or one that cannot be read in order, is read
/// whole again and imported the ordinary way, so its messages are the ordinary ones.
#[allow(clippy::too_many_arguments)]
pub fn import_file(
    store: &mut Store,
    path: &std::path::Path,
    kind: ImportKind,
    saved: Option<&SavedMapping>,
    options: &FindOptions,
    inspection_id: Id<Inspection>,
    skip_bad: bool,
    cancel: &AtomicBool,
) -> Result<FileImport, ImportError> {
    let chosen = options.header_row.or_else(|| saved.and_then(|s| s.header_row));
    let through_row = chosen.map_or(0, |c| c.row_number.saturating_add(1));
    // Set when the sheet could not be read in order after all: read it whole.
    let abandoned = AtomicBool::new(false);
    let attempt = std::thread::scope(|scope| -> Result<Attempt, ImportError> {
        let (send, pieces) = std::sync::mpsc::sync_channel::<RawTable>(2);
        let reader = scope.spawn(move || {
            let mut send = |table: RawTable| send.send(table).is_ok();
            let mut streamer = Streamer::new(super::columns::HEADER_SCAN_ROWS + 2, through_row, &mut send);
            let read = super::table::read_streaming(path, &mut streamer);
            (read, streamer.state, streamer.merged)
        });
        let Ok(head) = pieces.recv() else {
            // Read whole (or refused): nothing was handed on.
            let (read, _, _) = reader.join().map_err(|_| thread_ended())?;
            return Ok(Attempt::ReadWhole(read?));
        };
        let streamable = |found: &Found| {
            found.ready().is_ok()
                // An unclear unit is refused as the whole file would be.
                && found.units_known().is_ok()
                && found.sheets.iter().all(|s| s.included)
                // Whether a receipts list holds several series is weighed over the whole column.
                && !found.included().any(|s| s.mapping.column(super::Field::ReceiptCode).is_some())
        };
        let found = match Found::find(kind, vec![head], saved, options) {
            Ok(found) if streamable(&found) => found,
            _ => {
                drop(pieces);
                let _ = reader.join();
                return Ok(Attempt::ReadAgain);
            }
        };
        let sheet = &found.sheets[0];
        let parse = |take: &mut dyn FnMut(&mut Parsed) -> Result<(), ImportError>| {
            let parsed = {
                let mut rest = pieces.iter();
                parse_pieces_into(
                    &[(&sheet.table, &sheet.mapping)],
                    &mut rest,
                    inspection_id,
                    &super::no_progress,
                    cancel,
                    take,
                )
            };
            // The reader ends when the pieces are taken, or stops at the next one once they are not.
            drop(pieces);
            let (read, state, merged) = reader.join().map_err(|_| thread_ended())?;
            // The file's own problems come first, as they would if it had been read whole; then a
            // stop (the writer's, or the user's); then a sheet that could not be read in order, or
            // one with cells merged down into its rows (read whole, they take the merged values).
            read?;
            let merged_into_rows = super::table::merges_matter(&merged, sheet.header.row_number);
            match parsed {
                Err(ImportError::Cancelled) => Err(ImportError::Cancelled),
                _ if state == StreamState::Abandoned || merged_into_rows => {
                    abandoned.store(true, Ordering::Relaxed);
                    Err(ImportError::Cancelled)
                }
                parsed => parsed,
            }
        };
        let outcome = write_parsed(store, kind, inspection_id, skip_bad, cancel, parse);
        if abandoned.load(Ordering::Relaxed) {
            return Ok(Attempt::ReadAgain);
        }
        Ok(Attempt::Done(Box::new(FileImport { found, outcome: outcome?, streamed: true })))
    })?;
    // Read whole, as before: the finder's or the reader's own messages.
    let tables = match attempt {
        Attempt::Done(done) => return Ok(*done),
        Attempt::ReadWhole(tables) => tables,
        Attempt::ReadAgain => super::read_sheets(path)?,
    };
    let found = Found::find(kind, tables, saved, options)?;
    let outcome = import_streamed(store, &found, inspection_id, skip_bad, cancel)?;
    Ok(FileImport { found, outcome, streamed: false })
}

/// How [`import_file`]'s try at writing the sheet while it is read ended.
enum Attempt {
    /// Written (or refused) as it was read.
    Done(Box<FileImport>),
    /// The file was read whole at once (not one large .xlsx sheet): these are its tables.
    ReadWhole(Vec<RawTable>),
    /// Given up (something the finder or the reader objects to, or a sheet not in order): the
    /// file is to be read whole, anew.
    ReadAgain,
}

fn thread_ended() -> ImportError {
    ImportError::Store(StoreError::Corrupt("读取表格的线程意外终止".into()))
}

/// Writes the records `parse` reads (handing them to `take` as it goes), in one transaction with
/// one audit entry: see [`import_streamed`].
fn write_parsed(
    store: &mut Store,
    kind: ImportKind,
    inspection_id: Id<Inspection>,
    skip_bad: bool,
    cancel: &AtomicBool,
    parse: impl FnOnce(&mut dyn FnMut(&mut Parsed) -> Result<(), ImportError>) -> Result<Parsed, ImportError> + Send,
) -> Result<Streamed, ImportError> {
    if store.get(inspection_id)?.is_none() {
        return Err(ImportError::InspectionNotFound(inspection_id.to_string()));
    }
    let existing = existing_keys(store, kind, inspection_id)?;
    let action = format!("import.{}", kind.as_str());
    // What stops the command and rolls it back, told apart from the store's own errors.
    let mut stopped: Option<Result<Streamed, ImportError>> = None;
    let written = store.write_summarised(&action, |w| {
        let (mut created, mut repeated) = (Vec::new(), Vec::new());
        let (read, wrote) = std::thread::scope(|scope| {
            let (send, batches) = std::sync::mpsc::sync_channel::<Vec<ParsedRow>>(2);
            let reader = scope.spawn(move || {
                let (mut good, mut refusing) = (0, false);
                let mut take = |parsed: &mut Parsed| -> Result<(), ImportError> {
                    if cancel.load(Ordering::Relaxed) {
                        return Err(ImportError::Cancelled);
                    }
                    good += parsed.rows.len();
                    refusing |= !parsed.is_clean() && !skip_bad;
                    let rows = std::mem::take(&mut parsed.rows);
                    // A closed channel: the writer stopped at an error of its own, said below.
                    if !refusing && send.send(rows).is_err() {
                        return Err(ImportError::Cancelled);
                    }
                    Ok(())
                };
                let outcome = parse(&mut take);
                (outcome, good, refusing)
            });
            let write = || -> Result<(), ImportError> {
                // Looked at on the preparing thread, as each batch comes.
                let mut mismatch = false;
                let checked = batches.into_iter().map_while(|rows| {
                    if rows.iter().any(|row| !belongs(&row.record, kind, inspection_id)) {
                        mismatch = true;
                        return None;
                    }
                    repeated.extend(
                        rows.iter().filter(|r| existing.contains(&r.record.key())).map(|r| (r.sheet.clone(), r.row)),
                    );
                    Some(rows)
                });
                created = create_rows(w, kind, checked, |_| Ok(()))?;
                if mismatch {
                    return Err(ImportError::Mismatch);
                }
                Ok(())
            };
            // On an error the channel is dropped here, which stops the reader.
            let wrote = write();
            (reader.join(), wrote)
        });
        let mut stop = |outcome| {
            stopped = Some(outcome);
            Err(StoreError::Cancelled)
        };
        let Ok((outcome, good, refusing)) = read else {
            return stop(Err(thread_ended()));
        };
        match (outcome, wrote) {
            (_, Err(e)) | (Err(e), _) => stop(Err(e)),
            (Ok(parsed), _) if refusing => stop(Ok(Streamed::Refused { parsed, good })),
            (Ok(_), _) if created.is_empty() => stop(Err(ImportError::NothingToImport)),
            (Ok(parsed), Ok(())) => {
                let summary = summary(&parsed, created.len());
                Ok(((parsed, created, repeated), summary))
            }
        }
    });
    if let Some(outcome) = stopped {
        return outcome;
    }
    let (parsed, created, repeated) = written?;
    let report = ImportReport {
        kind: parsed.kind,
        imported: created.len(),
        skipped: parsed.bad.clone(),
        skipped_rows: parsed.bad_rows,
        ignored: parsed.ignored.clone(),
        created,
    };
    Ok(Streamed::Imported { report, parsed, repeated })
}

/// Whether a record is of the parsed kind and for the parsed inspection.
fn belongs(record: &ParsedRecord, kind: ImportKind, inspection_id: Id<Inspection>) -> bool {
    let (of_kind, of_inspection) = match record {
        ParsedRecord::Receipt(r) => (ImportKind::Receipts, r.inspection_id),
        ParsedRecord::LedgerEntry(r) => (ImportKind::Ledger, r.inspection_id),
        ParsedRecord::CaseFile(r) => (ImportKind::Cases, r.inspection_id),
        ParsedRecord::Officer(r) => (ImportKind::Roster, r.inspection_id),
    };
    of_kind == kind && of_inspection == inspection_id
}

impl ParsedRecord {
    fn receipt(&self) -> Option<&Receipt> {
        if let ParsedRecord::Receipt(r) = self { Some(r) } else { None }
    }

    fn ledger_entry(&self) -> Option<&LedgerEntry> {
        if let ParsedRecord::LedgerEntry(r) = self { Some(r) } else { None }
    }

    fn case_file(&self) -> Option<&CaseFile> {
        if let ParsedRecord::CaseFile(r) = self { Some(r) } else { None }
    }

    fn officer(&self) -> Option<&Officer> {
        if let ParsedRecord::Officer(r) = self { Some(r) } else { None }
    }

    /// What names the real thing within an inspection: the receipt number, the decision number,
    /// or an officer's certificate number (their name when it has none).
    pub fn key(&self) -> String {
        match self {
            ParsedRecord::Receipt(r) => r.key(),
            ParsedRecord::LedgerEntry(e) => e.decision_no.to_string(),
            ParsedRecord::CaseFile(c) => c.decision_no.to_string(),
            ParsedRecord::Officer(o) => o.key(),
        }
    }
}

/// The keys (see [`ParsedRecord::key`]) of the records of `kind` the inspection has.
fn existing_keys(
    store: &Store,
    kind: ImportKind,
    inspection: Id<Inspection>,
) -> Result<std::collections::HashSet<String>, StoreError> {
    Ok(match kind {
        ImportKind::Receipts => store.list_in::<Receipt, _>(inspection)?.iter().map(|r| r.value.key()).collect(),
        ImportKind::Ledger => {
            store.list_in::<LedgerEntry, _>(inspection)?.iter().map(|e| e.value.decision_no.to_string()).collect()
        }
        ImportKind::Cases => {
            store.list_in::<CaseFile, _>(inspection)?.iter().map(|c| c.value.decision_no.to_string()).collect()
        }
        ImportKind::Roster => store.list_in::<Officer, _>(inspection)?.iter().map(|o| o.value.key()).collect(),
        ImportKind::Units | ImportKind::SelfReports | ImportKind::Complaints | ImportKind::Rectifications => {
            Default::default()
        }
    })
}

/// Row numbers as people read them in a message: `2、3、4`, the first twelve and 等 after.
pub fn row_list(rows: &[u32]) -> String {
    let shown: Vec<String> = rows.iter().take(12).map(ToString::to_string).collect();
    format!("{}{}", shown.join("、"), if rows.len() > shown.len() { " 等" } else { "" })
}

/// Rows (sheet, row number) as people read them: `第 2、3 行`, or by sheet
/// (`工作表“2016年”第 5 行，工作表“2017年”第 2、3 行`) when several sheets were read.
pub fn rows_named(rows: &[(Option<String>, u32)]) -> String {
    let mut groups: Vec<(Option<String>, Vec<u32>)> = Vec::new();
    for (sheet_of_row, row) in rows {
        match groups.last_mut() {
            Some((sheet, rows)) if sheet == sheet_of_row => rows.push(*row),
            _ => groups.push((sheet_of_row.clone(), vec![*row])),
        }
    }
    let parts: Vec<String> = groups
        .iter()
        .take(6)
        .map(|(sheet, rows)| match sheet {
            Some(sheet) => format!("工作表“{sheet}”第 {} 行", row_list(rows)),
            None => format!("第 {} 行", row_list(rows)),
        })
        .collect();
    format!("{}{}", parts.join("，"), if groups.len() > parts.len() { " 等" } else { "" })
}
