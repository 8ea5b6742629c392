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
        if digits_apart(text) {
            return Err(MoneyError::Unrecognised(text.trim().to_string()));
        }
        if trimmed.contains(['万', '萬'])
            && let Some(result) = parse_wan(&trimmed, text)
        {
            return result;
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
        // `1.500`: a thousands group after a point, as some write 1,500, or 1.5 yuan? Not guessed.
        if frac_part.len() == 3
            && frac_part.ends_with('0')
            && (1..=3).contains(&int_part.len())
            && !int_part.starts_with('0')
        {
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

    /// Reads an amount typed in a column whose unit is `unit`: a bare number is in that unit
    /// (`0.5` in a 万元 column is 5,000 元), while a text that names its own unit (`5000元`,
    /// `0.5万元`, `伍仟元整`) is read as written.
    pub fn parse_in(text: &str, unit: MoneyUnit) -> Result<Fen, MoneyError> {
        if unit == MoneyUnit::Yuan || text.contains(['元', '圆', '万', '萬']) || text.chars().any(is_capital_char) {
            return Fen::parse(text);
        }
        if digits_apart(text) {
            return Err(MoneyError::Unrecognised(text.trim().to_string()));
        }
        let trimmed: String = text.chars().map(to_half_width).filter(|c| !c.is_whitespace()).collect();
        let body = trimmed.strip_prefix(['￥', '¥']).unwrap_or(&trimmed);
        let (negative, body) = match body.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, body),
        };
        // Six decimal places of 万元 are fen.
        let fen = decimal_scaled(body, 6).ok_or_else(|| unrecognised_or_precise(body, 6, text))?;
        if fen > MAX_FEN {
            return Err(MoneyError::TooLarge(text.trim().to_string()));
        }
        Ok(Fen(if negative { -fen } else { fen }))
    }

    /// Converts a spreadsheet number in `unit` to fen, rounding to the nearest fen.
    pub fn from_f64_in(value: f64, unit: MoneyUnit) -> Result<Fen, MoneyError> {
        match unit {
            MoneyUnit::Yuan => Fen::from_yuan_f64(value),
            MoneyUnit::Wan => Fen::from_yuan_f64(value * 10_000.0),
        }
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

/// The unit a column of amounts is kept in: 元, or 万元 as the national 双公示 tables use.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoneyUnit {
    /// 元.
    #[default]
    Yuan,
    /// 万元 (10,000 元).
    Wan,
}

impl MoneyUnit {
    /// `元` or `万元`.
    pub const fn label(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::Wan => "万元",
        }
    }
}

/// A decimal number of `unit_digits` decimal places as an integer of that unit's smallest part:
/// `decimal_scaled("0.5", 6)` is 500 000 (fen in a 万元 amount). `None` if it is not a plain
/// decimal (digits with optional thousands separators and point) or is more precise.
fn decimal_scaled(body: &str, unit_digits: u32) -> Option<i64> {
    let (int_part, frac_part) = body.split_once('.').unwrap_or((body, ""));
    if (int_part.is_empty() && frac_part.is_empty())
        || !valid_grouping(int_part)
        || !frac_part.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let frac_digits = frac_part.trim_end_matches('0');
    if frac_digits.len() > unit_digits as usize {
        return None;
    }
    let digits: String = int_part.chars().filter(|c| *c != ',').collect();
    let whole: i64 = if digits.is_empty() { 0 } else { digits.parse().ok()? };
    let mut frac: i64 = 0;
    for (i, c) in frac_digits.chars().enumerate() {
        let place = 10i64.pow(unit_digits - 1 - u32::try_from(i).ok()?);
        frac += i64::from(c.to_digit(10)?) * place;
    }
    whole.checked_mul(10i64.pow(unit_digits))?.checked_add(frac)
}

/// The error for a body [`decimal_scaled`] refused: too precise, or not a number at all.
fn unrecognised_or_precise(body: &str, unit_digits: usize, text: &str) -> MoneyError {
    let precise = body
        .split_once('.')
        .is_some_and(|(_, f)| f.chars().all(|c| c.is_ascii_digit()) && f.trim_end_matches('0').len() > unit_digits);
    if precise {
        MoneyError::TooPrecise(text.trim().to_string())
    } else {
        MoneyError::Unrecognised(text.trim().to_string())
    }
}

/// Whether digits stand on both sides of a space or line break (`1500 2000`, `1500\n2000`: two
/// amounts in one cell, or a number split by a space): never read as one number.
fn digits_apart(text: &str) -> bool {
    let chars: Vec<char> = text.trim().chars().map(to_half_width).collect();
    chars.iter().enumerate().any(|(i, c)| {
        c.is_whitespace()
            && chars[..i].last().is_some_and(char::is_ascii_digit)
            && chars[i..].iter().find(|c| !c.is_whitespace()).is_some_and(char::is_ascii_digit)
    })
}

/// Amounts in 万: `0.5万元`, `1.2万`, `￥3万元整`, `1万5000元`. `None` if the text is not of that
/// shape (then other readings are tried); an error if it is, but is too precise or too large.
fn parse_wan(trimmed: &str, text: &str) -> Option<Result<Fen, MoneyError>> {
    let mut body = trimmed;
    for prefix in ["￥", "¥", "RMB", "CNY", "人民币"] {
        body = body.strip_prefix(prefix).unwrap_or(body);
    }
    for suffix in ["元整", "元", "圆整", "圆"] {
        body = body.strip_suffix(suffix).unwrap_or(body);
    }
    let (wan, rest) = body.split_once(['万', '萬'])?;
    if wan.is_empty() || !wan.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return None;
    }
    let too_large = || MoneyError::TooLarge(text.trim().to_string());
    let fen = match decimal_scaled(wan, 6) {
        Some(fen) => fen,
        None => return Some(Err(unrecognised_or_precise(wan, 6, text))),
    };
    // `1万5000`: whole yuan below the 万, four digits of them (`1万5` is said for 15,000 and is
    // not read as 10,005).
    let below = if rest.is_empty() {
        0
    } else if rest.len() == 4 && rest.chars().all(|c| c.is_ascii_digit()) && !wan.contains('.') {
        rest.parse::<i64>().ok()? * 100
    } else {
        return None;
    };
    Some(fen.checked_add(below).filter(|v| *v <= MAX_FEN).map(Fen).ok_or_else(too_large))
}

/// The money of a combined penalty text, as ledgers and the 双公示 tables write it in one cell:
/// `罚款5000元，没收违法所得1200元`, `警告，并处罚款0.5万元`, `没收违法所得人民币壹仟贰佰元整`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct PenaltyAmounts {
    /// 罚款 (or 罚金), if the text names one.
    pub fine: Option<Fen>,
    /// 没收违法所得, if the text names it.
    pub confiscation: Option<Fen>,
}

/// Words that introduce a fine, and a confiscation of money.
const FINE_WORDS: [&str; 4] = ["罚款", "罚金", "罚没款", "罚没金额"];
const CONFISCATION_WORDS: [&str; 5] = ["没收违法所得", "没收非法所得", "没收违法收入", "没收非法财物", "没收违法款"];

/// Splits a penalty text into fine and confiscation. A text that is only an amount (`5000元`)
/// is a fine. A penalty word without an amount after it (`罚款` alone) is an error, so that a
/// sentence is never read as zero by mistake; a text without any (`警告`) names no money.
pub fn penalty_amounts(text: &str) -> Result<PenaltyAmounts, MoneyError> {
    penalty_amounts_in(text, MoneyUnit::Yuan)
}

/// [`penalty_amounts`] of a text in a column kept in `unit`: a bare number (`罚款0.5` in a 万元
/// column) is in that unit; an amount that names its unit is read as written. Refused, rather
/// than read in part: two fines or two confiscations in one text (`对单位罚款5000元，对主管人员罚款
/// 2000元`), and an amount that goes on past what can be read (`罚款3千元`, `罚款5000-10000元`).
pub fn penalty_amounts_in(text: &str, unit: MoneyUnit) -> Result<PenaltyAmounts, MoneyError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(PenaltyAmounts::default());
    }
    if let Ok(amount) = Fen::parse_in(trimmed, unit) {
        return Ok(PenaltyAmounts { fine: Some(amount), confiscation: None });
    }
    let unrecognised = || MoneyError::Unrecognised(trimmed.to_string());
    // Every amount one of `words` introduces, by where the word stands.
    let amounts_after = |words: &[&str]| -> Result<Vec<(usize, Fen)>, MoneyError> {
        let mut found = Vec::new();
        for word in words {
            for (at, _) in trimmed.match_indices(word) {
                // 罚款 inside 没收…罚款 is still a fine; 罚款 in 罚款单 is no amount either way.
                match amount_token(&trimmed[at + word.len()..]) {
                    // `罚款3千元`, `罚款5000-10000元`, `罚款5000元5角`: an amount that goes on past
                    // what is read here is not read as its first part.
                    Some((token, following)) if goes_on(&token, following) => return Err(unrecognised()),
                    Some((token, _)) => found.push((at, Fen::parse_in(&token, unit)?)),
                    // `处5000元罚款`, `处以人民币伍仟元的罚款`: the amount before the word.
                    None => {
                        if let Some(token) = amount_before(&trimmed[..at]) {
                            found.push((at, Fen::parse(token)?));
                        }
                    }
                }
            }
        }
        Ok(found)
    };
    // One amount of a kind, none, or (two of a kind, or a word without its amount) refused.
    let one = |found: Vec<(usize, Fen)>, words: &[&str]| -> Result<Option<Fen>, MoneyError> {
        match found.as_slice() {
            [] if words.iter().any(|w| trimmed.contains(w)) => Err(unrecognised()),
            [] => Ok(None),
            [(_, amount)] => Ok(Some(*amount)),
            _ => Err(unrecognised()),
        }
    };
    let mut confiscated = amounts_after(&CONFISCATION_WORDS)?;
    if confiscated.is_empty() {
        // `没收1200元`: 没收 alone, with an amount right after it, confiscates money.
        confiscated = amounts_after(&["没收"])?;
    }
    let confiscation = one(confiscated, &CONFISCATION_WORDS)?;
    let fine = one(amounts_after(&FINE_WORDS)?, &FINE_WORDS)?;
    // An amount in 元 that no penalty word introduces (`暂扣…5000元`) is not guessed at.
    if fine.is_none() && confiscation.is_none() && has_yuan_amount(trimmed) {
        return Err(unrecognised());
    }
    Ok(PenaltyAmounts { fine, confiscation })
}

/// Whether the text holds an amount of money somewhere: digits followed by 元, 万, 千 or 百
/// (`5000元`, `3千元`), or a capital amount in 元 (`伍仟元`).
fn has_yuan_amount(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    chars.windows(2).any(|w| {
        (digit(w[0]) && matches!(w[1], '元' | '万' | '千' | '百'))
            || ((DIGITS[1..].contains(&w[0]) || matches!(w[0], '拾' | '佰' | '仟'))
                && matches!(w[1], '元' | '圆' | '万'))
    })
}

/// The amount in 元 that ends `before`, the text before a penalty word, with a 的 between, where a
/// decision words it so (`处5000元`, `处以人民币伍仟元的`, `给予1000元`); `None` otherwise.
fn amount_before(before: &str) -> Option<&str> {
    let before = before.strip_suffix('的').unwrap_or(before).trim_end();
    if !before.ends_with(['元', '圆', '整']) {
        return None;
    }
    let part = |c: char| {
        c.is_ascii_digit()
            || ('０'..='９').contains(&c)
            || is_capital_char(c)
            || matches!(c, ',' | '，' | '.' | '．' | '元' | '圆' | '整' | '万' | '萬')
    };
    let start = before.char_indices().rev().take_while(|(_, c)| part(*c)).last().map(|(i, _)| i)?;
    let token = &before[start..];
    // Only as a decision words it (`处…罚款`, `给予…罚款`): `没收违法所得1200元罚款` is no fine of 1200.
    let lead = before[..start].trim_end();
    let lead = lead.strip_suffix("人民币").unwrap_or(lead).trim_end();
    let worded = ["处", "处以", "给予", "予以"].iter().any(|w| lead.ends_with(w));
    (worded && token.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || is_capital_char(c)))
        .then_some(token)
}

/// Whether `following`, the text right after the amount `token` read by [`amount_token`],
/// carries the amount on: more of its digits (`3千元` read as `3`, `5 000元` as `5`, `1,0000元`
/// as `1`, `5000元5角` as `5000元`), a range (`5000-10000元`, `5000元至1万元`), a vague amount
/// (`5000余元`) or letters and digits glued to it (`500元0`). Such a text is refused rather than
/// read as its first part. After an amount closed by 元 (or 整) a space ends it (`5000元 10日内`).
fn goes_on(token: &str, following: &str) -> bool {
    let closed = token.ends_with(['元', '圆', '整', '正']);
    let following = if closed { following } else { following.trim_start_matches([' ', '\u{3000}', '\t']) };
    let mut chars = following.chars();
    let Some(next) = chars.next() else {
        return false;
    };
    let number = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c) || DIGITS.contains(&c);
    // `5角`, `伍角`, `5分`: the jiao and fen of an amount that ended at 元.
    let small_change = || {
        let digits = following.chars().take_while(|c| number(*c)).count();
        digits > 0 && following.chars().nth(digits).is_some_and(|c| matches!(c, '角' | '分'))
    };
    // `1,0000`, `10,00`: digits grouped in a way no thousands separator groups them.
    let odd_grouping = !closed && matches!(next, ',' | '，') && chars.next().is_some_and(number);
    // `2万元以上`, `5000元左右`: not an amount.
    let vague = ["以上", "以下", "以内", "左右", "上下", "不等"].iter().any(|w| following.starts_with(w));
    vague
        || next.is_ascii_alphanumeric()
        || ('０'..='９').contains(&next)
        || matches!(next, '千' | '百' | '十' | '拾' | '佰' | '仟' | '万' | '萬' | '亿' | '億' | '角' | '分')
        || matches!(next, '多' | '余' | '几' | '.' | '．' | '-' | '－' | '—' | '~' | '～' | '至' | '到')
        || odd_grouping
        || small_change()
}

/// The amount right after a penalty word (`人民币5,000元`, `：0.5万元`, `伍仟元整`,
/// `1万5000元`), and the text that follows it.
fn amount_token(after: &str) -> Option<(String, &str)> {
    let mut rest = after.trim_start();
    loop {
        let before = rest;
        for filler in
            ["人民币", "计", "共计", "合计", "金额", "数额", "为", "价值", "折价", "：", ":", "￥", "¥", " ", "（", "("]
        {
            rest = rest.strip_prefix(filler).unwrap_or(rest);
        }
        if rest == before {
            break;
        }
    }
    let chars: Vec<char> = rest.chars().collect();
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let token: (String, &str) = if chars.first().is_some_and(|c| digit(*c)) {
        let mut end = 0;
        while let Some(&c) = chars.get(end) {
            // A comma is a thousands separator only with exactly three digits after it
            // (`5,000.00`), not the comma that ends a clause (`5000，没收…`).
            let separator = matches!(c, ',' | '，') && chars[end + 1..].iter().take_while(|d| digit(**d)).count() == 3;
            if digit(c) || matches!(c, '.' | '．') || separator {
                end += 1;
            } else {
                break;
            }
        }
        let number: String = chars[..end].iter().collect();
        let after_number = &rest[number.len()..];
        // `0.5 万元`: a unit a space away is still the number's.
        let spaced = after_number.trim_start_matches([' ', '\u{3000}']);
        let unit = ["万元", "萬元", "万", "萬", "元整", "元", "圆"].into_iter().find(|u| spaced.starts_with(*u));
        let (unit, mut following) = match unit {
            Some(unit) => (unit, &spaced[unit.len()..]),
            None => ("", after_number),
        };
        let mut token = format!("{number}{unit}");
        // `1万5000元`: whole yuan below the 万, read with it.
        if unit == "万" || unit == "萬" {
            let below = following.chars().take_while(char::is_ascii_digit).count();
            if below > 0 {
                let yuan = ["元整", "元"].into_iter().find(|u| following[below..].starts_with(*u)).unwrap_or("");
                token.push_str(&following[..below + yuan.len()]);
                following = &following[below + yuan.len()..];
            }
        }
        (token, following)
    } else {
        let token: String =
            rest.chars().take_while(|c| is_capital_char(*c) || matches!(c, '元' | '圆' | '整' | '正')).collect();
        if !token.contains(['元', '圆']) {
            return None;
        }
        let following = &rest[token.len()..];
        (token, following)
    };
    (!token.0.is_empty() && token.0.chars().any(|c| c != ',' && c != '.')).then_some(token)
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
        || matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '千')
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
    fn amounts_in_wan() {
        for (text, fen) in [
            ("0.5万元", 500_000),
            ("0.5万", 500_000),
            ("1.2万元", 1_200_000),
            ("￥3万元整", 3_000_000),
            ("1万5000元", 1_500_000),
            ("0.000001万元", 1),
            ("１．５万元", 1_500_000),
        ] {
            assert_eq!(Fen::parse(text), Ok(Fen(fen)), "{text}");
        }
        assert!(matches!(Fen::parse("0.0000001万元"), Err(MoneyError::TooPrecise(_))));
        assert_eq!(Fen::parse("壹万元整"), Ok(Fen(1_000_000)));
        // A bare number in a 万元 column; a text naming its own unit is read as written.
        assert_eq!(Fen::parse_in("0.5", MoneyUnit::Wan), Ok(Fen(500_000)));
        assert_eq!(Fen::parse_in("12.3456", MoneyUnit::Wan), Ok(Fen(12_345_600)));
        assert_eq!(Fen::parse_in("5000元", MoneyUnit::Wan), Ok(Fen(500_000)));
        assert_eq!(Fen::parse_in("0.5万元", MoneyUnit::Wan), Ok(Fen(500_000)));
        assert_eq!(Fen::parse_in("伍仟元整", MoneyUnit::Wan), Ok(Fen(500_000)));
        assert_eq!(Fen::parse_in("0.5", MoneyUnit::Yuan), Ok(Fen(50)));
        assert!(matches!(Fen::parse_in("0.00000001", MoneyUnit::Wan), Err(MoneyError::TooPrecise(_))));
        assert!(matches!(Fen::parse_in("abc", MoneyUnit::Wan), Err(MoneyError::Unrecognised(_))));
        assert_eq!(Fen::from_f64_in(0.5, MoneyUnit::Wan), Ok(Fen(500_000)));
        assert_eq!(Fen::from_f64_in(0.35, MoneyUnit::Wan), Ok(Fen(350_000)));
        assert_eq!(Fen::from_f64_in(5000.0, MoneyUnit::Yuan), Ok(Fen(500_000)));
    }

    #[test]
    fn combined_penalty_texts_are_split() {
        let both = |fine: i64, confiscation: i64| PenaltyAmounts {
            fine: Some(Fen(fine)),
            confiscation: Some(Fen(confiscation)),
        };
        let fine = |fine: i64| PenaltyAmounts { fine: Some(Fen(fine)), confiscation: None };
        for (text, expected) in [
            ("罚款5000元，没收违法所得1200元", both(500_000, 120_000)),
            ("没收违法所得人民币1,200元，并处罚款人民币5,000.00元", both(500_000, 120_000)),
            ("警告，并处罚款0.5万元", fine(500_000)),
            ("责令改正，罚款伍仟元整", fine(500_000)),
            ("罚款：3000元；没收违法所得：壹仟贰佰元整", both(300_000, 120_000)),
            ("处以罚款5000", fine(500_000)),
            ("5000元", fine(500_000)),
            ("5,000.00", fine(500_000)),
            ("罚款5000，没收违法所得200", both(500_000, 20_000)),
        ] {
            assert_eq!(penalty_amounts(text), Ok(expected), "{text}");
        }
        assert_eq!(penalty_amounts("警告"), Ok(PenaltyAmounts::default()));
        assert_eq!(penalty_amounts("责令停业整顿3日"), Ok(PenaltyAmounts::default()));
        assert!(penalty_amounts("暂扣物品价值5000元").is_err());
        assert_eq!(penalty_amounts("罚没款3000元"), Ok(fine(300_000)));
        assert_eq!(
            penalty_amounts("没收非法财物价值800元"),
            Ok(PenaltyAmounts { fine: None, confiscation: Some(Fen(80_000)) })
        );
        assert_eq!(penalty_amounts(""), Ok(PenaltyAmounts::default()));
        assert_eq!(
            penalty_amounts("没收违法所得300元"),
            Ok(PenaltyAmounts { fine: None, confiscation: Some(Fen(30_000)) })
        );
        // A penalty word without an amount is never read as nothing.
        assert!(penalty_amounts("罚款").is_err());
        assert!(penalty_amounts("罚款若干").is_err());
    }

    #[test]
    fn an_amount_that_goes_on_is_not_read_as_its_first_part() {
        let fine = |fine: i64| Ok(PenaltyAmounts { fine: Some(Fen(fine)), confiscation: None });
        // Read whole, as before or now.
        assert_eq!(penalty_amounts("罚款1万5000元"), fine(1_500_000));
        assert_eq!(penalty_amounts("处罚款1万5000元整，没收违法所得200元").map(|p| p.fine), Ok(Some(Fen(1_500_000))));
        assert_eq!(penalty_amounts("罚款5000元，限10日内缴纳"), fine(500_000));
        assert_eq!(penalty_amounts("罚款伍仟元整（5000元）"), fine(500_000));
        assert_eq!(penalty_amounts("罚款5000元。"), fine(500_000));
        assert_eq!(penalty_amounts("罚款5000元/次"), fine(500_000));
        assert_eq!(penalty_amounts("罚款叁佰伍拾元伍角"), fine(35_050));
        // Each of these was read as its first part (3 元, 3 万, 5000 元, 350 元…); now refused.
        for text in [
            "罚款3千元",
            "罚款3百元",
            "罚款3万5千元",
            "罚款5000-10000元",
            "罚款5000～10000元",
            "罚款5000元至1万元",
            "罚款5000元5角",
            "罚款5000元伍角",
            "罚款5000余元",
            "罚款5000多元",
            "罚款500元0",
            "罚款叁佰伍拾元整X",
            "没收违法所得3千元，罚款5000元",
            "3千元",
            "暂扣物品价值伍仟元",
            // Found by an outsider's files: each was read as its first part.
            "罚款5百元",
            "罚款3仟元",
            "没收违法所得5百元",
            "罚款 5 000元",
            "罚款1,0000元",
            "罚款10,00元",
            "罚款1万5千元",
            // Two fines (or two confiscations) in one text: not the first of them.
            "对单位罚款5000元，对直接负责的主管人员罚款2000元",
            "没收违法所得1200元，没收非法财物价值800元",
            "罚款5000元，没收1200元，没收500元",
        ] {
            assert_eq!(penalty_amounts(text), Err(MoneyError::Unrecognised(text.to_string())), "{text}");
        }
    }

    #[test]
    fn penalty_texts_found_misread_are_read_whole() {
        let both = |fine: i64, confiscation: i64| {
            Ok(PenaltyAmounts { fine: Some(Fen(fine)), confiscation: Some(Fen(confiscation)) })
        };
        let fine = |fine: i64| Ok(PenaltyAmounts { fine: Some(Fen(fine)), confiscation: None });
        // 萬 as 万, and a unit a space away from its number.
        assert_eq!(penalty_amounts("罚款5萬元"), fine(5_000_000));
        assert_eq!(penalty_amounts("罚款0.5 万元"), fine(500_000));
        assert_eq!(penalty_amounts("罚款5000 元"), fine(500_000));
        // 没收 alone, with an amount right after it, confiscates money; without one it names none.
        assert_eq!(penalty_amounts("罚款5000元，没收1200元"), both(500_000, 120_000));
        assert_eq!(penalty_amounts("罚款5000元，没收人民币1200元"), both(500_000, 120_000));
        assert_eq!(penalty_amounts("罚款500元，没收违法物品"), fine(50_000));
        // A bare number in a 万元 column is in 万元; one that names its unit is read as written.
        assert_eq!(penalty_amounts_in("罚款0.5", MoneyUnit::Wan), fine(500_000));
        assert_eq!(penalty_amounts_in("罚款5000元", MoneyUnit::Wan), fine(500_000));
        assert_eq!(penalty_amounts_in("罚款0.5，没收违法所得0.12", MoneyUnit::Wan), both(500_000, 120_000));
        assert_eq!(penalty_amounts_in("0.5", MoneyUnit::Wan), fine(500_000));
        assert_eq!(penalty_amounts("罚款0.5"), fine(50));
        // The amount before the word, as decisions often phrase it.
        assert_eq!(penalty_amounts("处5000元罚款"), fine(500_000));
        assert_eq!(penalty_amounts("责令改正，处以人民币伍仟元的罚款"), fine(500_000));
        assert_eq!(penalty_amounts("处1.5万元罚款，没收违法所得1200元"), both(1_500_000, 120_000));
        assert!(penalty_amounts("处1万5千元罚款").is_err());
        assert!(penalty_amounts("并处2000元以下罚款").is_err());
        assert!(penalty_amounts("没收违法所得1200元罚款").is_err());
        assert_eq!(penalty_amounts("给予1000元罚款"), fine(100_000));
        // Vague amounts.
        assert!(penalty_amounts("罚款2万元以上").is_err());
        assert!(penalty_amounts("罚款5000元左右").is_err());
    }

    #[test]
    fn amounts_said_loosely_or_two_in_a_cell_are_refused() {
        // `1万5` is said for 15,000; it was read as 10,005.
        for text in ["1万5", "3万5", "1万500元", "1500 2000", "1500\n2000", "1500\u{3000}2000", "1 500.00"] {
            assert_eq!(Fen::parse(text), Err(MoneyError::Unrecognised(text.trim().to_string())), "{text:?}");
            assert!(Fen::parse_in(text, MoneyUnit::Wan).is_err(), "{text:?}");
        }
        // A point before three digits may be a thousands separator: 1.500 is not read as 1.50.
        for text in ["1.500", "12.500元", "￥999.000"] {
            assert_eq!(Fen::parse(text), Err(MoneyError::Unrecognised(text.to_string())), "{text}");
        }
        assert_eq!(Fen::parse("0.500"), Ok(Fen(50)));
        assert_eq!(Fen::parse("1500.000"), Ok(Fen(150_000)));
        assert_eq!(Fen::parse_in("1.500", MoneyUnit::Wan), Ok(Fen(1_500_000)));
        assert_eq!(Fen::parse("1万5000元"), Ok(Fen(1_500_000)));
        assert_eq!(Fen::parse("1万0500元"), Ok(Fen(1_050_000)));
        assert_eq!(Fen::parse(" 1500 元 "), Ok(Fen(150_000)));
        assert_eq!(Fen::parse("￥ 1,500.00"), Ok(Fen(150_000)));
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
