//! `daocha campaign template`: the 自查自纠 template the lead sends to the units — one row per unit of
//! the team database with its name and the year filled in, the figures to fill — as an .xlsx that
//! reads back through [`super::import`] (a title row with the deadlines, then a two-row header whose
//! merged 自查发现问题数 spans the plan's five categories: the shape the import's table finder reads).

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use crate::domain::{SelfReport, Unit};
use crate::store::{Store, StoreError};

/// Why the template could not be written.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// The database.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No unit to list.
    #[error("数据库中还没有受检单位。请先导入受检单位名单：daocha campaign import --db … units 单位名单.xlsx")]
    NoUnits,
    /// The file could not be written.
    #[error("无法写入“{path}”：{reason}。请确认文件夹存在、文件没有在 Excel 或 WPS 中打开。")]
    Write {
        /// The file.
        path: String,
        /// The writer's reason.
        reason: String,
    },
}

/// The columns after 单位名称 and 年度, as the import reads them: (upper header, lower header,
/// width). An empty lower header is a cell merged down.
const COLUMNS: [(&str, &str, f64); 12] = [
    ("工作部署收到日期", "", 14.0),
    ("自查自纠材料收到日期", "", 16.0),
    ("自查案卷数", "", 10.0),
    ("自查发现问题数", "执法不严格", 10.0),
    ("自查发现问题数", "执法不公正", 10.0),
    ("自查发现问题数", "执法不规范", 10.0),
    ("自查发现问题数", "执法不廉洁", 10.0),
    ("自查发现问题数", "执法不文明", 10.0),
    ("立行立改", "", 9.0),
    ("列出时间表", "", 10.0),
    ("移送线索", "", 9.0),
    ("备注", "", 30.0),
];

/// The year the template is for when none is given: the latest year of the reports already in
/// the database, else `this_year`.
pub fn default_year(store: &Store, this_year: i32) -> Result<i32, StoreError> {
    Ok(store.list::<SelfReport>()?.iter().map(|r| r.value.year).max().unwrap_or(this_year))
}

/// Writes the template for `year` to `path`: one row per unit of `store`, in the order they were entered. Returns
/// how many units it lists.
pub fn write_template(store: &Store, year: i32, path: &Path) -> Result<usize, TemplateError> {
    // In the order the units were entered (the lead's list), not by code point.
    let units: Vec<Unit> = store.list::<Unit>()?.into_iter().map(|s| s.value).collect();
    if units.is_empty() {
        return Err(TemplateError::NoUnits);
    }
    let wrap = |e: XlsxError| {
        let reason = crate::io_text::xlsx_reason(&e, path);
        TemplateError::Write { path: crate::paths::shown(path), reason }
    };
    build(&units, year, path).map_err(wrap)?;
    Ok(units.len())
}

fn build(units: &[Unit], year: i32, path: &Path) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("自查自纠情况")?;
    let title = Format::new().set_bold().set_font_size(14).set_align(FormatAlign::Center);
    let head = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_background_color("#DCE6F1")
        .set_border(FormatBorder::Thin);
    let cell = Format::new().set_border(FormatBorder::Thin);
    let last_col = u16::try_from(COLUMNS.len() + 1).unwrap_or(u16::MAX);
    sheet.merge_range(
        0,
        0,
        0,
        last_col,
        &format!(
            "{year}年行政处罚行为专项治理自查自纠情况统计表（工作部署请于{year}年7月1日前、自查自纠书面报告请于{year}年8月20日前报送）"
        ),
        &title,
    )?;
    sheet.set_row_height(0, 28)?;
    sheet.merge_range(1, 0, 2, 0, "单位名称", &head)?;
    sheet.merge_range(1, 1, 2, 1, "年度", &head)?;
    sheet.set_column_width(0, 26)?;
    sheet.set_column_width(1, 8)?;
    let mut col: u16 = 2;
    let mut index = 0;
    while index < COLUMNS.len() {
        let (upper, lower, width) = COLUMNS[index];
        sheet.set_column_width(col, width)?;
        if lower.is_empty() {
            sheet.merge_range(1, col, 2, col, upper, &head)?;
            col += 1;
            index += 1;
            continue;
        }
        // A group: the upper header merged across its columns.
        let span = COLUMNS[index..].iter().take_while(|(u, l, _)| *u == upper && !l.is_empty()).count();
        let span16 = u16::try_from(span).unwrap_or(1);
        sheet.merge_range(1, col, 1, col + span16 - 1, upper, &head)?;
        for (offset, (_, lower, width)) in COLUMNS[index..index + span].iter().enumerate() {
            let at = col + u16::try_from(offset).unwrap_or(0);
            sheet.write_with_format(2, at, *lower, &head)?;
            sheet.set_column_width(at, *width)?;
        }
        col += span16;
        index += span;
    }
    sheet.set_row_height(1, 22)?;
    for (i, unit) in units.iter().enumerate() {
        let row = u32::try_from(i + 3).unwrap_or(u32::MAX);
        sheet.write_with_format(row, 0, unit.name.as_str(), &cell)?;
        sheet.write_with_format(row, 1, year, &cell)?;
        for c in 2..=last_col {
            sheet.write_blank(row, c, &cell)?;
        }
    }
    sheet.set_freeze_panes(3, 1)?;
    book.save(path)?;
    Ok(())
}
