//! One cell into one value: text, money, a date or a decision number. Text cells go through the
//! domain parsers (`Fen::parse`, `dates::parse_date`, `DecisionNo::parse`), so a value typed into
//! a spreadsheet reads the same as one typed into a daocha form; number and date cells are taken
//! as the numbers and dates they are.

use std::borrow::Cow;

use calamine::Data;
use chrono::NaiveDate;

use crate::domain::dates::{self, DateError};
use crate::domain::money::MoneyError;
use crate::domain::{DecisionNo, Fen};

/// What is wrong with one cell, in Chinese; the caller adds the row and column.
pub(crate) type Reason = String;

/// The cell as the spreadsheet shows it (near enough): for messages and text fields.
pub(crate) fn display_text(cell: &Data) -> String {
    text(cell).map(Cow::into_owned).unwrap_or_else(|_| match cell {
        Data::Error(e) => e.to_string(),
        _ => String::new(),
    })
}

/// Whether the cell holds nothing (or only spaces).
pub(crate) fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A cell as text. Whole numbers lose the `.0` a float would print (a receipt number typed as a
/// number must not become `1234567.0`); date cells become `2017-03-05`.
/// The longest text a cell may hold (characters). Longer is almost surely pasted by mistake, and a
/// record that large could not travel to the team lead (merge refuses versions over 1 MB).
pub const MAX_CELL_CHARS: usize = 2000;

pub(crate) fn text(cell: &Data) -> Result<Cow<'_, str>, Reason> {
    Ok(match cell {
        Data::Empty => Cow::Borrowed(""),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            let trimmed = s.trim();
            if trimmed.len() > MAX_CELL_CHARS && trimmed.chars().count() > MAX_CELL_CHARS {
                return Err(format!(
                    "单元格过长（{} 字，超过 {MAX_CELL_CHARS} 字），请检查是否误粘贴了内容",
                    trimmed.chars().count()
                ));
            }
            Cow::Borrowed(trimmed)
        }
        Data::Int(i) => Cow::Owned(i.to_string()),
        Data::Float(f) => Cow::Owned(number_text(*f)),
        Data::Bool(b) => Cow::Borrowed(if *b { "是" } else { "否" }),
        Data::DateTime(dt) => match excel_date(dt) {
            Ok(date) => Cow::Owned(dates::format_iso(date)),
            Err(_) => Cow::Owned(number_text(dt.as_f64())),
        },
        Data::Error(e) => return Err(cell_error(e)),
    })
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        // Whole and small enough to be exact.
        #[allow(clippy::cast_possible_truncation)]
        let whole = f as i64;
        whole.to_string()
    } else {
        f.to_string()
    }
}

fn cell_error(e: &calamine::CellErrorType) -> Reason {
    format!("单元格是错误值（{e}），请在表格中改正公式或填入数值")
}

/// A money cell. `Ok(None)` for an empty cell.
pub(crate) fn money(cell: &Data) -> Result<Option<Fen>, Reason> {
    match cell {
        Data::Empty => Ok(None),
        Data::String(s) if s.trim().is_empty() => Ok(None),
        Data::String(s) => Fen::parse(s).map(Some).map_err(|e| money_reason(&e)),
        Data::Int(i) => i.checked_mul(100).map(|fen| Some(Fen(fen))).ok_or_else(|| format!("金额“{i}”过大")),
        Data::Float(f) => Fen::from_yuan_f64(*f).map(Some).map_err(|e| money_reason(&e)),
        Data::Bool(_) | Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => {
            Err("这一格是日期或是非值，不是金额；请检查列是否对应正确".to_string())
        }
        Data::Error(e) => Err(cell_error(e)),
    }
}

fn money_reason(error: &MoneyError) -> Reason {
    error.to_string()
}

/// A date cell. `Ok(None)` for an empty cell. Numbers are Excel serial days, except eight-digit
/// numbers such as 20170305 that people type as dates.
pub(crate) fn date(cell: &Data) -> Result<Option<NaiveDate>, Reason> {
    let result = match cell {
        Data::Empty => return Ok(None),
        Data::String(s) if s.trim().is_empty() => return Ok(None),
        Data::String(s) | Data::DateTimeIso(s) => dates::parse_date(s),
        Data::Int(i) => int_date(*i),
        Data::Float(f) => {
            if f.fract() == 0.0 && (19_000_101.0..=21_001_231.0).contains(f) {
                // Bounded, whole: exact.
                #[allow(clippy::cast_possible_truncation)]
                let i = *f as i64;
                int_date(i)
            } else {
                dates::from_excel_serial(*f)
            }
        }
        Data::DateTime(dt) => excel_date(dt),
        Data::Bool(_) | Data::DurationIso(_) => return Err("这一格不是日期；请填写如 2017-03-05".to_string()),
        Data::Error(e) => return Err(cell_error(e)),
    };
    result.map(Some).map_err(|e| e.to_string())
}

fn int_date(i: i64) -> Result<NaiveDate, DateError> {
    if (19_000_101..=21_001_231).contains(&i) {
        dates::parse_date(&i.to_string())
    } else {
        // Serial numbers are far below f64's exact integer range.
        #[allow(clippy::cast_precision_loss)]
        dates::from_excel_serial(i as f64)
    }
}

/// A date cell: calamine knows whether the workbook counts from 1900 or 1904 and gives the
/// calendar date directly.
fn excel_date(dt: &calamine::ExcelDateTime) -> Result<NaiveDate, DateError> {
    if dt.is_duration() {
        return Err(DateError::Unrecognised(format!("时长 {}", dt.as_f64())));
    }
    let (year, month, day, ..) = dt.to_ymd_hms_milli();
    let date = NaiveDate::from_ymd_opt(i32::from(year), u32::from(month), u32::from(day))
        .ok_or_else(|| DateError::NoSuchDay(format!("{year}-{month}-{day}")))?;
    // The same year bounds as typed dates.
    dates::parse_date(&dates::format_iso(date))
}

/// A decision number cell. `Ok(None)` for an empty cell.
pub(crate) fn decision_no(cell: &Data) -> Result<Option<DecisionNo>, Reason> {
    let value = text(cell)?;
    if value.is_empty() {
        return Ok(None);
    }
    DecisionNo::parse(&value).map(Some).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn money_from_every_kind_of_cell() {
        for text in ["1500", "1,500.00", "1500元", "￥1,500.00", "¥1500", "壹仟伍佰元整", " 1500.00 "] {
            assert_eq!(money(&Data::String(text.into())), Ok(Some(Fen(150_000))), "{text}");
        }
        assert_eq!(money(&Data::String("1500.5".into())), Ok(Some(Fen(150_050))));
        assert_eq!(money(&Data::Float(1500.5)), Ok(Some(Fen(150_050))));
        assert_eq!(money(&Data::Int(1500)), Ok(Some(Fen(150_000))));
        assert_eq!(money(&Data::Empty), Ok(None));
        assert_eq!(money(&Data::String("  ".into())), Ok(None));
        assert!(money(&Data::String("abc".into())).unwrap_err().contains("无法识别的金额"));
        assert!(money(&Data::Error(calamine::CellErrorType::NA)).unwrap_err().contains("错误值"));
    }

    #[test]
    fn dates_from_every_kind_of_cell() {
        for text in ["2017-03-05", "2017/3/5", "2017.03.05", "2017年3月5日", "20170305"] {
            assert_eq!(date(&Data::String(text.into())), Ok(Some(ymd(2017, 3, 5))), "{text}");
        }
        assert_eq!(date(&Data::Float(42_799.0)), Ok(Some(ymd(2017, 3, 5))));
        assert_eq!(date(&Data::Int(42_799)), Ok(Some(ymd(2017, 3, 5))));
        assert_eq!(date(&Data::Int(20_170_305)), Ok(Some(ymd(2017, 3, 5))));
        assert_eq!(date(&Data::Float(20_170_305.0)), Ok(Some(ymd(2017, 3, 5))));
        let cell = Data::DateTime(ExcelDateTime::new(42_799.5, ExcelDateTimeType::DateTime, false));
        assert_eq!(date(&cell), Ok(Some(ymd(2017, 3, 5))));
        // The 1904 date system counts 1462 days fewer.
        let cell = Data::DateTime(ExcelDateTime::new(41_337.0, ExcelDateTimeType::DateTime, true));
        assert_eq!(date(&cell), Ok(Some(ymd(2017, 3, 5))));
        assert_eq!(date(&Data::DateTimeIso("2017-03-05T00:00:00".into())), Ok(Some(ymd(2017, 3, 5))));
        assert_eq!(date(&Data::Empty), Ok(None));
        assert!(date(&Data::String("2017-02-30".into())).unwrap_err().contains("不存在"));
        assert!(date(&Data::Bool(true)).is_err());
    }

    #[test]
    fn numbers_as_text_lose_the_float_tail() {
        assert_eq!(text(&Data::Float(1_234_567.0)).unwrap(), "1234567");
        assert_eq!(text(&Data::Float(12.5)).unwrap(), "12.5");
        assert_eq!(text(&Data::Int(42)).unwrap(), "42");
        let cell = Data::DateTime(ExcelDateTime::new(42_799.0, ExcelDateTimeType::DateTime, false));
        assert_eq!(text(&cell).unwrap(), "2017-03-05");
    }

    #[test]
    fn decision_numbers_are_normalised() {
        let cell = Data::String("鲅市监罚[2017]第012号".into());
        assert_eq!(decision_no(&cell).unwrap().unwrap().as_str(), "鲅市监罚〔2017〕12号");
        assert_eq!(decision_no(&Data::Empty), Ok(None));
    }
}
