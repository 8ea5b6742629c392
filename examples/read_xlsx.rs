#![allow(clippy::expect_used)]

//! The anchor of an import's speed and memory, as a whole process: calamine reading the first
//! sheet of a workbook into its grid and counting the filled cells, nothing else
//! (`read_xlsx FILE`; compare with `daocha import … FILE`).

use calamine::{Data, Reader, open_workbook_auto};

fn main() {
    let file = std::env::args().nth(1).expect("usage: read_xlsx FILE");
    let mut book = open_workbook_auto(&file).expect("open");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).expect("range");
    let filled: usize = range.rows().map(|row| row.iter().filter(|c| !matches!(c, Data::Empty)).count()).sum();
    println!("{filled}");
}
