//! One cell into one value: text, money, a date or a decision number. Text cells go through the
//! domain parsers (`Fen::parse`, `dates::parse_date`, `DecisionNo::parse`), so a value typed into
//! a spreadsheet reads the same as one typed into a daocha form; number and date cells are taken
//! as the numbers and dates they are.

use std::borrow::Cow;

use calamine::Data;
use chrono::NaiveDate;

use crate::domain::dates::{self, DateError};
use crate::domain::money::{MoneyError, MoneyUnit, PenaltyAmounts, penalty_amounts_in};
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

/// A money cell of a column kept in `unit` (a bare number in a 万元 column is ten thousand
/// yuan; a text naming its own unit is read as written). `Ok(None)` for an empty cell.
pub(crate) fn money_in(cell: &Data, unit: MoneyUnit) -> Result<Option<Fen>, Reason> {
    if unit == MoneyUnit::Yuan {
        return money(cell);
    }
    match cell {
        Data::String(s) if !s.trim().is_empty() => Fen::parse_in(s, unit).map(Some).map_err(|e| money_reason(&e)),
        // Exact for any whole number of 万元 a fine could be.
        #[allow(clippy::cast_precision_loss)]
        Data::Int(i) => Fen::from_f64_in(*i as f64, unit).map(Some).map_err(|e| money_reason(&e)),
        Data::Float(f) => Fen::from_f64_in(*f, unit).map(Some).map_err(|e| money_reason(&e)),
        other => money(other),
    }
}

/// A penalty written as a sentence (`罚款5000元，没收违法所得1200元`), or an amount alone (a
/// fine). A bare number is in `unit`.
pub(crate) fn penalty(cell: &Data, unit: MoneyUnit) -> Result<PenaltyAmounts, Reason> {
    match cell {
        Data::String(s) => {
            if let Ok(Some(amount)) = money_in(cell, unit) {
                return Ok(PenaltyAmounts { fine: Some(amount), confiscation: None });
            }
            penalty_amounts_in(s, unit).map_err(|_| {
                format!(
                    "无法从“{}”中读出罚款或没收金额，请写成如“罚款5000元，没收违法所得1200元”，或分列填写罚款金额、没收金额",
                    s.trim()
                )
            })
        }
        other => money_in(other, unit).map(|fine| PenaltyAmounts { fine, confiscation: None }),
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

/// A decision number cell, and the text as written when it differs from the normalised number.
/// `Ok(None)` for an empty cell.
pub(crate) fn decision_no(cell: &Data) -> Result<Option<(DecisionNo, String)>, Reason> {
    let value = text(cell)?;
    if value.is_empty() {
        return Ok(None);
    }
    let number = DecisionNo::parse(&value).map_err(|e| e.to_string())?;
    let written = if number.as_str() == value { String::new() } else { value.into_owned() };
    Ok(Some((number, written)))
}

/// A decision number inside a free-text cell (a receipt's 备注), and the words it was read from.
pub(crate) fn decision_no_in(cell: &Data) -> Option<(DecisionNo, String)> {
    let value = text(cell).ok()?;
    DecisionNo::find_in(&value)
}

/// How a column of dates read as text (a CSV file) may hold Excel serial numbers (`42802`, as a
/// spreadsheet exports a date cell it shows as a number): only as evidence of the column's other
/// values allows — a serial must fall within a year of the dates written out around it, or, in a
/// column of serials only, after 1990.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Serials {
    /// The years of the column's written-out dates.
    years: Option<(i32, i32)>,
}

impl Serials {
    /// Weighs the cells of one column.
    pub(crate) fn of_column<'a>(cells: impl Iterator<Item = &'a Data>) -> Serials {
        let mut years: Option<(i32, i32)> = None;
        for cell in cells {
            if let Data::String(s) = cell
                && serial_text(s).is_none()
                && let Ok(date) = dates::parse_date(s)
            {
                let y = chrono::Datelike::year(&date);
                years = Some(years.map_or((y, y), |(lo, hi)| (lo.min(y), hi.max(y))));
            }
        }
        Serials { years }
    }

    fn allows(self, date: NaiveDate) -> bool {
        let year = chrono::Datelike::year(&date);
        match self.years {
            Some((lo, hi)) => (lo - 1..=hi + 1).contains(&year),
            None => (1990..=2100).contains(&year),
        }
    }
}

/// Whether the cell is text that may be an Excel serial number (five digits).
pub(crate) fn looks_serial(cell: &Data) -> bool {
    matches!(cell, Data::String(s) if serial_text(s).is_some())
}

/// A whole number of five digits as text: what an Excel date looks like exported bare.
fn serial_text(text: &str) -> Option<f64> {
    let t = text.trim();
    let t = t.strip_suffix(".0").unwrap_or(t);
    (t.len() == 5 && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse::<f64>().ok()).flatten()
}

/// A date cell, where text may be an Excel serial number as [`Serials`] allows.
pub(crate) fn date_with(cell: &Data, serials: Option<Serials>) -> Result<Option<NaiveDate>, Reason> {
    if let (Data::String(s), Some(serials)) = (cell, serials)
        && let Some(serial) = serial_text(s)
    {
        let date = dates::from_excel_serial(serial).map_err(|e| e.to_string())?;
        if serials.allows(date) {
            return Ok(Some(date));
        }
        return Err(format!(
            "“{}”像是 Excel 的日期序号（即 {}），但与本列其他日期的年份不符；请在表格中把这一格设为日期格式后核对",
            s.trim(),
            dates::format_iso(date)
        ));
    }
    date(cell)
}

/// Splits a list of people as units write them: `李堃、赵彧`, `李堃/赵彧`, `李堃，赵彧`,
/// `李堃 赵彧`, `李堃；赵彧`.
pub(crate) fn split_people(text: &str) -> Vec<String> {
    text.split(is_list_separator).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// Splits a list of certificate numbers given in the order of `count` names, with the same
/// separators as [`split_people`]; an empty place stays (`21080160106、` for two officers, the
/// second without a certificate), and empty places past the last name are dropped.
pub(crate) fn split_positions(text: &str, count: usize) -> Vec<String> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    // Spaces separate only when nothing else does (`2108 0160101` is one number otherwise).
    let others = text.chars().any(|c| is_list_separator(c) && !c.is_whitespace());
    let mut parts: Vec<String> = if others {
        text.split(|c: char| is_list_separator(c) && !c.is_whitespace()).map(|s| s.trim().to_string()).collect()
    } else {
        text.split_whitespace().map(str::to_string).collect()
    };
    while parts.len() > count && parts.last().is_some_and(String::is_empty) {
        parts.pop();
    }
    parts
}

fn is_list_separator(c: char) -> bool {
    matches!(c, '、' | '，' | ',' | '；' | ';' | '/' | '／' | '\\' | '|' | '｜' | '\n') || c.is_whitespace()
}

/// The spreadsheet's column name (A, B, … AA) of a 0-based column.
pub(crate) fn column_letter(mut col: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(char::from(b'A' + (col % 26) as u8));
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.iter().rev().collect()
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
        let (number, written) = decision_no(&cell).unwrap().unwrap();
        assert_eq!(number.as_str(), "鲅市监罚〔2017〕12号");
        assert_eq!(written, "鲅市监罚[2017]第012号");
        let (_, written) = decision_no(&Data::String("鲅市监罚〔2017〕12号".into())).unwrap().unwrap();
        assert_eq!(written, "", "nothing to keep when written as normalised");
        assert_eq!(decision_no(&Data::Empty), Ok(None));
        let (number, written) = decision_no_in(&Data::String("决定书：鲅市监罚〔2017〕3号".into())).unwrap();
        assert_eq!((number.as_str(), written.as_str()), ("鲅市监罚〔2017〕3号", "鲅市监罚〔2017〕3号"));
    }

    #[test]
    fn money_in_wan_columns() {
        assert_eq!(money_in(&Data::Float(0.5), MoneyUnit::Wan), Ok(Some(Fen(500_000))));
        assert_eq!(money_in(&Data::Int(2), MoneyUnit::Wan), Ok(Some(Fen(2_000_000))));
        assert_eq!(money_in(&Data::String("0.5".into()), MoneyUnit::Wan), Ok(Some(Fen(500_000))));
        assert_eq!(money_in(&Data::String("5000元".into()), MoneyUnit::Wan), Ok(Some(Fen(500_000))));
        assert_eq!(money_in(&Data::Float(5000.0), MoneyUnit::Yuan), Ok(Some(Fen(500_000))));
        assert_eq!(money_in(&Data::Empty, MoneyUnit::Wan), Ok(None));
        let both = penalty(&Data::String("罚款5000元，没收违法所得1200元".into()), MoneyUnit::Yuan).unwrap();
        assert_eq!((both.fine, both.confiscation), (Some(Fen(500_000)), Some(Fen(120_000))));
        let fine = penalty(&Data::Float(0.5), MoneyUnit::Wan).unwrap();
        assert_eq!(fine.fine, Some(Fen(500_000)));
        assert!(penalty(&Data::String("罚款若干".into()), MoneyUnit::Yuan).unwrap_err().contains("罚款若干"));
    }

    #[test]
    fn serials_in_text_need_the_column_as_evidence() {
        let column: Vec<Data> =
            ["2017-03-01", "42802", "2017/3/9"].iter().map(|s| Data::String((*s).to_string())).collect();
        let serials = Serials::of_column(column.iter());
        assert_eq!(date_with(&column[1], Some(serials)), Ok(Some(ymd(2017, 3, 8))));
        // 2005 is far from the column's 2017: refused, naming the date it would be.
        let far = Data::String("38500".into());
        assert!(date_with(&far, Some(serials)).unwrap_err().contains("2005-05-28"));
        // A column of serials only.
        let only = Serials::of_column([Data::String("42802".into())].iter());
        assert_eq!(date_with(&Data::String("42802".into()), Some(only)), Ok(Some(ymd(2017, 3, 8))));
        // Without the column's evidence (not a CSV), text serials stay refused as before.
        assert!(date_with(&Data::String("42802".into()), None).is_err());
    }

    #[test]
    fn lists_of_people_split_on_every_separator() {
        for text in [
            "李堃、赵彧",
            "李堃/赵彧",
            "李堃，赵彧",
            "李堃 赵彧",
            "李堃；赵彧",
            "李堃,赵彧",
            "李堃／赵彧",
            " 李堃 ; 赵彧 ",
        ] {
            assert_eq!(split_people(text), vec!["李堃", "赵彧"], "{text}");
        }
        assert_eq!(split_positions("21080160101/21080160102", 2), vec!["21080160101", "21080160102"]);
        assert_eq!(split_positions("21080160101 21080160102", 2), vec!["21080160101", "21080160102"]);
        assert_eq!(split_positions("21080160106、", 2), vec!["21080160106", ""]);
        assert_eq!(split_positions("21080160106、、", 1), vec!["21080160106"]);
    }
}
