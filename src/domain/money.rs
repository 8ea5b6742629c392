//! Money is integer fen (分). Parsing accepts what people type into receipts lists and ledgers
//! (`1500`, `1,500.00`, `￥1,500.00`, `1500元`, `壹仟伍佰元整`); formatting gives `1,500.00` for
//! tables and the capital form `壹仟伍佰元整` for paper.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub};

use serde::{Deserialize, Serialize};

/// An amount of money in fen (1 元 = 100 分). Never a float.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fen(pub i64);

/// Why a money text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Nothing was typed.
    #[error("金额为空")]
    Empty,
    /// Characters that are not part of an amount.
    #[error("无法识别的金额“{0}”，请填写如 1500、1,500.00 或 壹仟伍佰元整")]
    Unrecognised(String),
    /// More than two decimal places (fractions of a fen).
    #[error("金额“{0}”精确到分以下，请最多保留两位小数")]
    TooPrecise(String),
    /// Larger than any fine could be.
    #[error("金额“{0}”过大")]
    TooLarge(String),
}

impl Fen {
    /// Zero.
    pub const ZERO: Fen = Fen(0);

    /// Whole yuan.
    pub const fn from_yuan(yuan: i64) -> Self {
        Fen(yuan * 100)
    }

    /// Reads an amount as typed by people (see module docs). Negative amounts are accepted with a
    /// leading minus sign; the caller decides whether they are allowed.
    pub fn parse(text: &str) -> Result<Fen, MoneyError> {
        let trimmed: String = text.chars().map(to_half_width).filter(|c| !c.is_whitespace()).collect();
        if trimmed.is_empty() {
            return Err(MoneyError::Empty);
        }
        if trimmed.chars().any(is_capital_char) {
            return parse_capital(&trimmed).ok_or_else(|| MoneyError::Unrecognised(text.trim().to_string()));
        }
        let mut body = trimmed.as_str();
        for prefix in ["￥", "¥", "RMB", "CNY", "人民币"] {
            body = body.strip_prefix(prefix).unwrap_or(body);
        }
        let negative = body.starts_with('-');
        if negative {
            body = &body[1..];
        }
        for prefix in ["￥", "¥"] {
            body = body.strip_prefix(prefix).unwrap_or(body);
        }
        for suffix in ["元整", "元", "圆整", "圆"] {
            body = body.strip_suffix(suffix).unwrap_or(body);
        }
        let unrecognised = || MoneyError::Unrecognised(text.trim().to_string());
        if body.is_empty() {
            return Err(unrecognised());
        }
        let (int_part, frac_part) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(unrecognised());
        }
        if !valid_grouping(int_part) || !frac_part.chars().all(|c| c.is_ascii_digit()) {
            return Err(unrecognised());
        }
        let frac_digits = frac_part.trim_end_matches('0');
        if frac_digits.len() > 2 {
            return Err(MoneyError::TooPrecise(text.trim().to_string()));
        }
        let digits: String = int_part.chars().filter(|c| *c != ',').collect();
        let yuan: i64 = if digits.is_empty() {
            0
        } else {
            digits.parse().map_err(|_| MoneyError::TooLarge(text.trim().to_string()))?
        };
        let mut fen_frac = 0i64;
        for (i, c) in frac_digits.chars().enumerate() {
            let d = i64::from(c.to_digit(10).unwrap_or(0));
            fen_frac += if i == 0 { d * 10 } else { d };
        }
        let total = yuan
            .checked_mul(100)
            .and_then(|v| v.checked_add(fen_frac))
            .filter(|v| *v <= MAX_FEN)
            .ok_or_else(|| MoneyError::TooLarge(text.trim().to_string()))?;
        Ok(Fen(if negative { -total } else { total }))
    }

    /// Converts a spreadsheet number (yuan) to fen, rounding to the nearest fen.
    pub fn from_yuan_f64(yuan: f64) -> Result<Fen, MoneyError> {
        let fen = (yuan * 100.0).round();
        if !fen.is_finite() || fen.abs() > MAX_FEN as f64 {
            return Err(MoneyError::TooLarge(yuan.to_string()));
        }
        // Rounded and bounded above, so the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        Ok(Fen(fen as i64))
    }

    /// `1,500.00`: for tables and figures.
    pub fn to_grouped(self) -> String {
        let negative = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let yuan = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in yuan.chars().enumerate() {
            if i > 0 && (yuan.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        format!("{}{}.{:02}", if negative { "-" } else { "" }, grouped, abs % 100)
    }

    /// `壹仟伍佰元整`: the capital form used on official paper.
    pub fn to_capital(self) -> String {
        capital(self.0)
    }
}

/// The largest amount accepted: one hundred billion yuan.
const MAX_FEN: i64 = 10_000_000_000_000;

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_grouped())
    }
}

impl Add for Fen {
    type Output = Fen;
    fn add(self, rhs: Fen) -> Fen {
        Fen(self.0.saturating_add(rhs.0))
    }
}
impl AddAssign for Fen {
    fn add_assign(&mut self, rhs: Fen) {
        self.0 = self.0.saturating_add(rhs.0);
    }
}
impl Sub for Fen {
    type Output = Fen;
    fn sub(self, rhs: Fen) -> Fen {
        Fen(self.0.saturating_sub(rhs.0))
    }
}
impl Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        iter.fold(Fen::ZERO, |a, b| a + b)
    }
}

fn to_half_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '，' => ',',
        '．' | '。' => '.',
        '－' | '—' => '-',
        '\u{3000}' => ' ',
        _ => c,
    }
}

fn valid_grouping(int_part: &str) -> bool {
    if !int_part.chars().all(|c| c.is_ascii_digit() || c == ',') {
        return false;
    }
    if !int_part.contains(',') {
        return true;
    }
    let groups: Vec<&str> = int_part.split(',').collect();
    let Some((first, rest)) = groups.split_first() else {
        return false;
    };
    !first.is_empty() && first.len() <= 3 && rest.iter().all(|g| g.len() == 3)
}

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

fn is_capital_char(c: char) -> bool {
    DIGITS.contains(&c)
        || matches!(c, '拾' | '佰' | '仟' | '万' | '萬' | '亿' | '億' | '角' | '分' | '两' | '贰' | '〇')
        || ("一二三四五六七八九十百千".contains(c))
}

fn capital_digit(c: char) -> Option<i64> {
    let value = match c {
        '零' | '〇' => 0,
        '壹' | '一' => 1,
        '贰' | '二' | '两' | '貳' => 2,
        '叁' | '三' | '參' => 3,
        '肆' | '四' => 4,
        '伍' | '五' => 5,
        '陆' | '六' | '陸' => 6,
        '柒' | '七' => 7,
        '捌' | '八' => 8,
        '玖' | '九' => 9,
        _ => return None,
    };
    Some(value)
}

/// Reads `壹仟伍佰元整`, `壹万零伍拾元伍角`, `叁角伍分`. Returns `None` if it is not a well-formed amount.
fn parse_capital(text: &str) -> Option<Fen> {
    let mut body = text;
    for prefix in ["人民币", "￥", "¥"] {
        body = body.strip_prefix(prefix).unwrap_or(body);
    }
    let body = body.trim_end_matches('整').trim_end_matches('正');
    let (yuan_text, rest) = match body.find(['元', '圆']) {
        Some(pos) => {
            let ch_len = body[pos..].chars().next().map_or(3, char::len_utf8);
            (&body[..pos], &body[pos + ch_len..])
        }
        None => ("", body),
    };
    let yuan = if yuan_text.is_empty() { 0 } else { parse_capital_integer(yuan_text)? };
    let mut fen = 0i64;
    let mut pending: Option<i64> = None;
    for c in rest.chars() {
        if let Some(d) = capital_digit(c) {
            if pending.is_some() && d != 0 {
                return None;
            }
            pending = if d == 0 { pending } else { Some(d) };
            continue;
        }
        match c {
            '角' => fen += pending.take()? * 10,
            '分' => fen += pending.take()?,
            _ => return None,
        }
    }
    if pending.is_some() || (yuan_text.is_empty() && rest.is_empty()) {
        return None;
    }
    yuan.checked_mul(100)?.checked_add(fen).filter(|v| *v <= MAX_FEN).map(Fen)
}

fn parse_capital_integer(text: &str) -> Option<i64> {
    let mut total: i64 = 0; // completed 亿 sections
    let mut section: i64 = 0; // below 万 or 亿
    let mut current: i64 = 0; // the digit waiting for its unit
    let mut saw_digit = false;
    for c in text.chars() {
        if let Some(d) = capital_digit(c) {
            current = d;
            saw_digit = true;
            continue;
        }
        let unit = match c {
            '拾' | '十' => 10,
            '佰' | '百' => 100,
            '仟' | '千' => 1000,
            '万' | '萬' => 10_000,
            '亿' | '億' => 100_000_000,
            _ => return None,
        };
        match unit {
            10 | 100 | 1000 => {
                // 拾伍 (no leading digit) means 壹拾伍.
                let digit = if current == 0 && !saw_digit { 1 } else { current };
                section += digit * unit;
                current = 0;
            }
            10_000 => {
                total += (section + current) * 10_000;
                section = 0;
                current = 0;
            }
            _ => {
                total = (total + section + current).checked_mul(100_000_000)?;
                section = 0;
                current = 0;
            }
        }
        saw_digit = true;
    }
    total.checked_add(section)?.checked_add(current)
}

fn capital(fen: i64) -> String {
    if fen == 0 {
        return "零元整".to_string();
    }
    let negative = fen < 0;
    let abs = fen.unsigned_abs();
    let yuan = abs / 100;
    let jiao = (abs / 10) % 10;
    let fen_digit = abs % 10;
    let mut out = String::new();
    if negative {
        out.push('负');
    }
    if yuan > 0 {
        out.push_str(&capital_integer(yuan));
        out.push('元');
    }
    if jiao == 0 && fen_digit == 0 {
        out.push('整');
    } else {
        if jiao > 0 {
            out.push(DIGITS[jiao as usize]);
            out.push('角');
        } else if yuan > 0 {
            out.push('零');
        }
        // After 分 no 整; after 角 it may be left out (支付结算办法), and is.
        if fen_digit > 0 {
            out.push(DIGITS[fen_digit as usize]);
            out.push('分');
        }
    }
    out
}

/// 15000 → 壹万伍仟; 10050 → 壹万零伍拾; 100000000 → 壹亿.
fn capital_integer(n: u64) -> String {
    const SMALL_UNITS: [&str; 4] = ["", "拾", "佰", "仟"];
    const BIG_UNITS: [&str; 3] = ["", "万", "亿"];
    // Split into groups of four digits, least significant first.
    let mut groups = Vec::new();
    let mut rest = n;
    while rest > 0 {
        groups.push(rest % 10_000);
        rest /= 10_000;
    }
    let mut out = String::new();
    let mut need_zero = false;
    for (gi, &group) in groups.iter().enumerate().rev() {
        if group == 0 {
            need_zero = !out.is_empty();
            continue;
        }
        if need_zero || (!out.is_empty() && group < 1000) {
            out.push('零');
        }
        need_zero = false;
        let digits = [group / 1000, (group / 100) % 10, (group / 10) % 10, group % 10];
        let mut zero_pending = false;
        let mut started = false;
        for (pos, &d) in digits.iter().enumerate() {
            if d == 0 {
                zero_pending = started;
                continue;
            }
            if zero_pending {
                out.push('零');
                zero_pending = false;
            }
            started = true;
            out.push(DIGITS[d as usize]);
            out.push_str(SMALL_UNITS[3 - pos]);
        }
        // Above 亿亿 (never for fines) the unit names would repeat; 亿 is the largest we name.
        out.push_str(BIG_UNITS[gi.min(2)]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_typed_form() {
        for (text, fen) in [
            ("1500", 150_000),
            ("1,500.00", 150_000),
            ("1500元", 150_000),
            ("￥1,500.00", 150_000),
            ("¥1500", 150_000),
            ("1500.5", 150_050),
            ("1500.05", 150_005),
            (" 1500 ", 150_000),
            ("１５００", 150_000),
            ("0.5", 50),
            (".5", 50),
            ("1500.500", 150_050),
            ("-200", -20_000),
            ("壹仟伍佰元整", 150_000),
            ("壹万零伍拾元伍角", 1_005_050),
            ("叁角伍分", 35),
            ("伍拾元零伍分", 5_005),
            ("拾伍元", 1_500),
            ("人民币贰佰元整", 20_000),
            ("壹亿元整", 10_000_000_000),
        ] {
            assert_eq!(Fen::parse(text), Ok(Fen(fen)), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_money() {
        assert_eq!(Fen::parse(""), Err(MoneyError::Empty));
        assert!(matches!(Fen::parse("abc"), Err(MoneyError::Unrecognised(_))));
        assert!(matches!(Fen::parse("1,50"), Err(MoneyError::Unrecognised(_))));
        assert!(matches!(Fen::parse("1.2.3"), Err(MoneyError::Unrecognised(_))));
        assert!(matches!(Fen::parse("12.345"), Err(MoneyError::TooPrecise(_))));
        assert!(matches!(Fen::parse("元"), Err(MoneyError::Unrecognised(_))));
        assert!(matches!(Fen::parse("壹仟伍佰X"), Err(MoneyError::Unrecognised(_))));
        assert!(matches!(Fen::parse("99999999999999999999"), Err(MoneyError::TooLarge(_))));
    }

    #[test]
    fn formats_grouped() {
        assert_eq!(Fen(150_000).to_grouped(), "1,500.00");
        assert_eq!(Fen(5).to_grouped(), "0.05");
        assert_eq!(Fen(123_456_789).to_grouped(), "1,234,567.89");
        assert_eq!(Fen(-150_000).to_grouped(), "-1,500.00");
    }

    #[test]
    fn formats_capital() {
        for (fen, text) in [
            (150_000, "壹仟伍佰元整"),
            (1_005_050, "壹万零伍拾元伍角"),
            (35, "叁角伍分"),
            (5_005, "伍拾元零伍分"),
            (0, "零元整"),
            (10_000_000_000, "壹亿元整"),
            (100_010_000, "壹佰万零壹佰元整"),
            (2_000_000, "贰万元整"),
            (20_000_100, "贰拾万零壹元整"),
        ] {
            assert_eq!(Fen(fen).to_capital(), text, "{fen}");
        }
    }

    #[test]
    fn capital_round_trips() {
        for fen in [1, 10, 99, 100, 101, 1_000, 10_001, 150_000, 1_234_567, 100_000_001, 98_765_432_100] {
            let text = Fen(fen).to_capital();
            assert_eq!(Fen::parse(&text), Ok(Fen(fen)), "{text}");
        }
    }

    #[test]
    fn spreadsheet_numbers_round_to_fen() {
        assert_eq!(Fen::from_yuan_f64(1500.0), Ok(Fen(150_000)));
        assert_eq!(Fen::from_yuan_f64(0.1 + 0.2), Ok(Fen(30)));
        assert!(Fen::from_yuan_f64(f64::NAN).is_err());
    }
}
