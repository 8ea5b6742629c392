//! Dates as people type them into ledgers (`2017-03-05`, `2017/3/5`, `2017.3.5`, `2017年3月5日`,
//! `20170305`, and `二〇一七年三月五日` as it stands on a 决定书 and gets copied into the 案卷目录)
//! and as spreadsheets store them (serial day numbers). Shown as `2017-03-05` in tables and
//! `2017年3月5日` on paper.

use chrono::{Datelike, Duration, NaiveDate};

/// Why a date text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Nothing was typed.
    #[error("日期为空")]
    Empty,
    /// Not a date in any accepted form.
    #[error("无法识别的日期“{0}”，请填写如 2017-03-05、2017/3/5 或 2017年3月5日")]
    Unrecognised(String),
    /// A form that looks like a date but names no real day (2017-02-30).
    #[error("日期“{0}”不存在，请核对年、月、日")]
    NoSuchDay(String),
    /// Outside the years daocha accepts.
    #[error("日期“{0}”的年份超出范围（1950—2100）")]
    OutOfRange(String),
}

const MIN_YEAR: i32 = 1950;
const MAX_YEAR: i32 = 2100;

/// Reads a date in any of the accepted forms.
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    if text.is_ascii() {
        return parse_arabic(text);
    }
    if let Some(arabic) = chinese_numerals(text) {
        return parse_arabic(&arabic).map_err(|e| match e {
            DateError::Unrecognised(_) => DateError::Unrecognised(text.trim().to_string()),
            DateError::NoSuchDay(_) => DateError::NoSuchDay(text.trim().to_string()),
            DateError::OutOfRange(_) => DateError::OutOfRange(text.trim().to_string()),
            other => other,
        });
    }
    parse_arabic(text)
}

/// `二〇一七年三月二十五日` as `2017年3月25日`; `None` if the text has no Chinese numerals (or
/// is not of the 年月日 shape).
fn chinese_numerals(text: &str) -> Option<String> {
    let digit = |c: char| "〇零一二三四五六七八九".chars().position(|d| d == c).map(|d| if d == 0 { 0 } else { d - 1 });
    let trimmed = text.trim();
    if !trimmed.chars().any(|c| digit(c).is_some() || c == '十') {
        return None;
    }
    let (year, rest) = trimmed.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix(['日', '号'])?;
    // The year digit by digit (二〇一七); month and day as numbers (十二, 二十五, 三十一).
    let year: String = year
        .chars()
        .map(|c| digit(c).map(|d| char::from(b'0' + d as u8)).or(c.is_ascii_digit().then_some(c)))
        .collect::<Option<String>>()?;
    let number = |s: &str| -> Option<u32> {
        if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
            return s.parse().ok();
        }
        match s.split_once('十') {
            Some((tens, ones)) => {
                let tens = if tens.is_empty() {
                    1
                } else {
                    digit(tens.chars().next()?).filter(|_| tens.chars().count() == 1)?
                };
                let ones = if ones.is_empty() {
                    0
                } else {
                    digit(ones.chars().next()?).filter(|_| ones.chars().count() == 1)?
                };
                u32::try_from(tens * 10 + ones).ok()
            }
            None if s.chars().count() == 1 => s.chars().next().and_then(digit).and_then(|d| u32::try_from(d).ok()),
            None => None,
        }
    };
    Some(format!("{year}年{}月{}日", number(month)?, number(day)?))
}

/// The end of a validity range as rosters write it (`2015.06.01-2018.05.31`,
/// `2015年6月1日至2018年5月31日`, `2015-06-01~2018-05-31`), or the date itself when the text is a
/// single date.
pub fn parse_validity_end(text: &str) -> Result<NaiveDate, DateError> {
    let trimmed = text.trim();
    // Split at each separator in turn until both sides read as dates; the same dash may also
    // stand inside the dates (2015-06-01-2018-05-31). A single date is read as itself.
    for (at, c) in trimmed.char_indices() {
        if matches!(c, '至' | '到' | '~' | '～' | '-' | '—' | '–' | '－' | '―') {
            let (start, end) = (&trimmed[..at], trimmed[at + c.len_utf8()..].trim_start_matches(['—', '-']));
            if let (Ok(start), Ok(end)) = (parse_date(start), parse_date(end)) {
                if end < start {
                    return Err(DateError::Unrecognised(trimmed.to_string()));
                }
                return Ok(end);
            }
        }
    }
    parse_date(trimmed)
}

fn parse_arabic(text: &str) -> Result<NaiveDate, DateError> {
    let cleaned: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '／' => '/',
            '－' | '—' | '–' => '-',
            '．' => '.',
            _ => c,
        })
        .collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        return Err(DateError::Empty);
    }
    let unrecognised = || DateError::Unrecognised(text.trim().to_string());
    // A date with a time part, as spreadsheets export it: keep the date.
    let date_part = cleaned.split([' ', 'T']).next().unwrap_or(cleaned);
    let (y, m, d) = if date_part.len() == 8 && date_part.chars().all(|c| c.is_ascii_digit()) {
        (&date_part[0..4], &date_part[4..6], &date_part[6..8])
    } else if let Some(rest) = date_part.strip_suffix(['日', '号']) {
        let (y, rest) = rest.split_once('年').ok_or_else(unrecognised)?;
        let (m, d) = rest.split_once('月').ok_or_else(unrecognised)?;
        (y, m, d)
    } else {
        let mut parts = date_part.split(['-', '/', '.']);
        let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(unrecognised());
        };
        (y, m, d)
    };
    let number = |s: &str, max_len: usize| -> Result<u32, DateError> {
        if s.is_empty() || s.len() > max_len || !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(unrecognised());
        }
        s.parse().map_err(|_| unrecognised())
    };
    let year = number(y, 4)?;
    if y.len() != 4 {
        return Err(unrecognised());
    }
    let month = number(m, 2)?;
    let day = number(d, 2)?;
    let year = i32::try_from(year).map_err(|_| unrecognised())?;
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return Err(DateError::OutOfRange(text.trim().to_string()));
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| DateError::NoSuchDay(text.trim().to_string()))
}

/// Converts a spreadsheet serial day number (1900 date system, with Excel's phantom 1900-02-29)
/// to a date. Fractions (the time of day) are dropped.
pub fn from_excel_serial(serial: f64) -> Result<NaiveDate, DateError> {
    if !serial.is_finite() || serial < 1.0 {
        return Err(DateError::Unrecognised(serial.to_string()));
    }
    let days = serial.floor();
    if days > 2_958_465.0 {
        return Err(DateError::OutOfRange(serial.to_string()));
    }
    // Bounded above, so the cast is exact.
    #[allow(clippy::cast_possible_truncation)]
    let days = days as i64;
    // Serial 60 is the day Excel believes was 1900-02-29; from 61 on, day 0 is 1899-12-30.
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).ok_or_else(|| DateError::Unrecognised(serial.to_string()))?;
    let date = if days >= 61 { epoch + Duration::days(days) } else { epoch + Duration::days(days + 1) };
    if !(MIN_YEAR..=MAX_YEAR).contains(&date.year()) {
        return Err(DateError::OutOfRange(date.format("%Y-%m-%d").to_string()));
    }
    Ok(date)
}

/// Reads a date with an optional time: `2017-09-12 14:30`, `2017年9月12日 14:30`, or a date
/// alone (midnight).
pub fn parse_datetime(text: &str) -> Result<chrono::NaiveDateTime, DateError> {
    let trimmed = text.trim();
    let (date_part, time_part) = match trimmed.rsplit_once([' ', 'T']) {
        Some((d, t)) if t.contains(':') || t.contains('：') => (d, Some(t.replace('：', ":"))),
        _ => (trimmed, None),
    };
    let date = parse_date(date_part)?;
    let time = match time_part {
        None => chrono::NaiveTime::MIN,
        Some(t) => chrono::NaiveTime::parse_from_str(&t, "%H:%M")
            .or_else(|_| chrono::NaiveTime::parse_from_str(&t, "%H:%M:%S"))
            .map_err(|_| DateError::Unrecognised(text.trim().to_string()))?,
    };
    Ok(date.and_time(time))
}

/// `2017-09-12 14:30`.
pub fn format_datetime(at: chrono::NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

/// `2017-03-05`: for tables.
pub fn format_iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// `2017年3月5日`: for paper.
pub fn format_chinese(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// `2017-03-05` or empty, for an optional date in a table.
pub fn format_opt(date: Option<NaiveDate>) -> String {
    date.map(format_iso).unwrap_or_default()
}

/// Reads a stored optional date (`"2017-03-05"` or `null`) exactly as chrono's own `Deserialize`
/// does, but the stored form `YYYY-MM-DD` without chrono's general format parser (which took a
/// twentieth of `check` over 100k × 3 records). Anything else goes to chrono's parser, so what is
/// accepted and refused is unchanged. For `#[serde(default, deserialize_with = …)]`.
pub fn deserialize_opt_iso<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
    struct OptDate;
    struct Date;
    impl serde::de::Visitor<'_> for Date {
        type Value = NaiveDate;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a formatted date string")
        }
        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<NaiveDate, E> {
            parse_stored_iso(text).map_err(E::custom)
        }
    }
    impl<'de> serde::de::Visitor<'de> for OptDate {
        type Value = Option<NaiveDate>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a formatted date string or null")
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_str(Date).map(Some)
        }
    }
    deserializer.deserialize_option(OptDate)
}

/// `YYYY-MM-DD` read directly; any other text as chrono's `NaiveDate::from_str` reads it.
fn parse_stored_iso(text: &str) -> Result<NaiveDate, chrono::ParseError> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10))
        && let Some(date) = i32::try_from(y).ok().and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
    {
        return Ok(date);
    }
    text.parse()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn parses_every_typed_form() {
        for text in [
            "2017-03-05",
            "2017/3/5",
            "2017.03.05",
            "2017年3月5日",
            "2017年03月05日",
            "20170305",
            " 2017-3-5 ",
            "2017-03-05 00:00:00",
            "2017-03-05T10:00:00",
            "２０１７年３月５日",
            "2017年3月5号",
        ] {
            assert_eq!(parse_date(text), Ok(ymd(2017, 3, 5)), "{text}");
        }
    }

    #[test]
    fn dates_in_chinese_numerals() {
        for (text, date) in [
            ("二〇一七年三月五日", ymd(2017, 3, 5)),
            ("二零一七年三月五日", ymd(2017, 3, 5)),
            ("二〇一七年十二月三十一日", ymd(2017, 12, 31)),
            ("二〇一七年十月二十日", ymd(2017, 10, 20)),
            ("二〇一六年十一月十日", ymd(2016, 11, 10)),
            ("2017年三月五日", ymd(2017, 3, 5)),
            (" 二〇一七年三月十五号 ", ymd(2017, 3, 15)),
        ] {
            assert_eq!(parse_date(text), Ok(date), "{text}");
        }
        assert!(matches!(parse_date("二〇一七年二月三十日"), Err(DateError::NoSuchDay(_))));
        assert!(matches!(parse_date("二〇一七年三月"), Err(DateError::Unrecognised(_))));
        assert!(matches!(parse_date("二十一七年三月五日"), Err(DateError::Unrecognised(_))));
        assert!(matches!(parse_date("一九二〇年三月五日"), Err(DateError::OutOfRange(_))));
        assert_eq!(parse_date("2017.3.5"), Ok(ymd(2017, 3, 5)));
    }

    #[test]
    fn validity_ranges_end_where_they_end() {
        for text in [
            "2015.06.01-2018.05.31",
            "2015.6.1—2018.5.31",
            "2015年6月1日至2018年5月31日",
            "2015-06-01-2018-05-31",
            "2015-06-01~2018-05-31",
            "2015/06/01 至 2018/05/31",
            "2018-05-31",
            "20150601-20180531",
        ] {
            assert_eq!(parse_validity_end(text), Ok(ymd(2018, 5, 31)), "{text}");
        }
        assert!(parse_validity_end("2018.05.31-2015.06.01").is_err(), "an end before the start");
        assert!(parse_validity_end("长期").is_err());
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        assert_eq!(parse_date(""), Err(DateError::Empty));
        assert!(matches!(parse_date("2017-02-30"), Err(DateError::NoSuchDay(_))));
        assert!(matches!(parse_date("17-3-5"), Err(DateError::Unrecognised(_))));
        assert!(matches!(parse_date("March 5"), Err(DateError::Unrecognised(_))));
        assert!(matches!(parse_date("2017-3"), Err(DateError::Unrecognised(_))));
        assert!(matches!(parse_date("1899-12-31"), Err(DateError::OutOfRange(_))));
        assert!(matches!(parse_date("2017年13月1日"), Err(DateError::NoSuchDay(_))));
    }

    #[test]
    fn excel_serials() {
        assert_eq!(from_excel_serial(42_799.0), Ok(ymd(2017, 3, 5)));
        assert_eq!(from_excel_serial(42_799.75), Ok(ymd(2017, 3, 5)));
        assert_eq!(from_excel_serial(43_101.0), Ok(ymd(2018, 1, 1)));
        assert!(from_excel_serial(-1.0).is_err());
        assert!(from_excel_serial(f64::NAN).is_err());
        assert!(matches!(from_excel_serial(100.0), Err(DateError::OutOfRange(_))));
    }

    #[test]
    fn date_and_time() {
        let at = parse_datetime("2017-09-12 14:30").unwrap();
        assert_eq!(format_datetime(at), "2017-09-12 14:30");
        assert_eq!(parse_datetime("2017年9月12日 14：30"), Ok(at));
        assert_eq!(format_datetime(parse_datetime("2017/9/12").unwrap()), "2017-09-12 00:00");
        assert!(parse_datetime("2017-09-12 25:00").is_err());
    }

    #[test]
    fn formats() {
        assert_eq!(format_iso(ymd(2017, 3, 5)), "2017-03-05");
        assert_eq!(format_chinese(ymd(2017, 9, 12)), "2017年9月12日");
    }

    /// The stored-date reader answers exactly as chrono's own `Option<NaiveDate>` for every
    /// day of four centuries and for texts only chrono's parser reads or that nobody reads.
    #[test]
    fn stored_dates_read_as_chrono_reads_them() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Fast {
            #[serde(default, deserialize_with = "deserialize_opt_iso")]
            d: Option<NaiveDate>,
        }
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Chrono {
            d: Option<NaiveDate>,
        }
        let mut texts: Vec<String> = Vec::new();
        let mut day = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        while day.year() < 2300 {
            texts.push(format!("\"{}\"", day.format("%Y-%m-%d")));
            day += Duration::days(1);
        }
        for odd in [
            "2017-02-29",
            "2016-02-30",
            "2017-13-01",
            "2017-00-10",
            "2017-01-00",
            "0000-01-01",
            "9999-12-31",
            " 2017-01-01",
            "2017-01-01 ",
            "2017 -01-01",
            "+2017-01-01",
            "12017-01-01",
            "2017-1-01",
            "2017-01-1",
            "20170101",
            "2017/01/01",
            "２０１７-01-01",
            "2017-01-0a",
            "",
            "2017-01-01T00:00:00",
            "\\u0032017-01-01",
        ] {
            texts.push(format!("\"{odd}\""));
        }
        texts.extend(["null".to_string(), "1".to_string(), "[]".to_string()]);
        for text in &texts {
            let json = format!("{{\"d\":{text}}}");
            let fast = serde_json::from_str::<Fast>(&json).map(|f| f.d).map_err(|_| ());
            let chrono = serde_json::from_str::<Chrono>(&json).map(|c| c.d).map_err(|_| ());
            assert_eq!(fast, chrono, "{json}");
        }
        assert_eq!(serde_json::from_str::<Fast>("{}").unwrap().d, serde_json::from_str::<Chrono>("{}").unwrap().d);
    }
}
