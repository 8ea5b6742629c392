#![allow(clippy::expect_used)]

//! The anchor of an import's speed and memory, as a whole process: calamine reading the first
//! sheet of a workbook into its grid and counting the filled cells, nothing else
//! (`read_xlsx FILE`; compare with `daocha import … FILE`). With `READ_MERGES=1` it also lists
//! the sheet's merged cells, as an import does (another pass over the sheet's XML): the cost of
//! that pass is the difference.

use calamine::{Data, Reader, Sheets, open_workbook_auto};

fn main() {
    let file = std::env::args().nth(1).expect("usage: read_xlsx FILE");
    let mut book = open_workbook_auto(&file).expect("open");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).expect("range");
    let filled: usize = range.rows().map(|row| row.iter().filter(|c| !matches!(c, Data::Empty)).count()).sum();
    let merges = if std::env::var_os("READ_MERGES").is_some()
        && let Sheets::Xlsx(xlsx) = &mut book
    {
        xlsx.merge_cells_by_sheet_name(&name).expect("merges").len()
    } else {
        0
    };
    println!("{filled} {merges}");
}
