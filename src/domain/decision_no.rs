//! Decision numbers (处罚决定书文号) are written many ways — `鲅市监罚[2017]第12号`,
//! `鲅市监罚（2017）12號`, `决定书：鲅市监罚 【2017】 012 号`, `(鲅)罚字第012号` — but name one
//! document. They are compared in one normalised form:
//!
//! - with a bracketed year, the official form `鲅市监罚〔2017〕12号` (六角括号, no 第, no leading
//!   zeros, 号 at the end);
//! - without one, as written but cleaned: `（鲅）罚字第12号` (spaces dropped, full-width letters
//!   and digits made half-width, 號 made 号, other brackets made full-width round ones, leading
//!   zeros after 第 dropped).
//!
//! Either way a label in front (`决定书：`, `处罚决定书文号:`) is dropped. What the unit wrote is
//! kept by the importer beside the normalised number; the normalised form is only the key that
//! lets spellings of one number meet.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A decision number in its normalised form. The default is empty: what an edit form's record
/// holds before its required 决定书文号 is read (`ui::editable`), never saved.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DecisionNo(String);

/// Why a decision number could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionNoError {
    /// Nothing was typed.
    #[error("决定书文号为空")]
    Empty,
    /// Too long to be a document number.
    #[error("决定书文号过长（超过 100 个字符）")]
    TooLong,
}

/// The longest decision number kept, in characters.
const MAX_CHARS: usize = 100;

const OPENING: [char; 10] = ['〔', '[', '（', '(', '【', '［', '〖', '{', '｛', '﹝'];
const CLOSING: [char; 10] = ['〕', ']', '）', ')', '】', '］', '〗', '}', '｝', '﹞'];

/// Labels people write in front of a number in a free-text cell (备注: `决定书：…`), longest first.
const LABELS: [&str; 10] = [
    "行政处罚决定书文号",
    "处罚决定书文号",
    "行政处罚决定书",
    "处罚决定书号",
    "处罚决定书",
    "决定书文号",
    "决定书号",
    "决定书",
    "文号",
    "依据",
];

impl DecisionNo {
    /// Normalises any spelling of a decision number (see the module docs). Numbers without a
    /// bracketed year are kept as typed, cleaned, so that they still compare equal to themselves.
    pub fn parse(text: &str) -> Result<DecisionNo, DecisionNoError> {
        if text.len() > 4 * MAX_CHARS {
            return Err(DecisionNoError::TooLong);
        }
        let cleaned = clean(text);
        // A label before a colon (`决定书：`, `文号:`) is not part of the number; a colon after
        // digits is left alone (it is no label).
        let cleaned = match cleaned.rfind(['：', ':']) {
            Some(at) if !cleaned[..at].chars().any(|c| c.is_ascii_digit()) => {
                let colon = cleaned[at..].chars().next().map_or(1, char::len_utf8);
                cleaned[at + colon..].to_string()
            }
            _ => cleaned,
        };
        if cleaned.is_empty() {
            return Err(DecisionNoError::Empty);
        }
        // The limit applies to the number as kept (the official form may add 号), so that what
        // is kept always reads back as itself.
        let normalised = official_form(&cleaned).unwrap_or_else(|| loose_form(&cleaned));
        if normalised.chars().count() > MAX_CHARS {
            return Err(DecisionNoError::TooLong);
        }
        if normalised.is_empty() {
            return Err(DecisionNoError::Empty);
        }
        Ok(DecisionNo(normalised))
    }

    /// Finds a decision number inside free text (a receipt's 备注: `决定书：鲅市监罚〔2017〕3号，
    /// 已缴清`): a bracketed year with the words before it and the number after, or `…第12号`.
    /// Returns the number and the part of the text it was read from.
    pub fn find_in(text: &str) -> Option<(DecisionNo, String)> {
        if text.len() > 16 * MAX_CHARS {
            return None;
        }
        let chars: Vec<char> = text.chars().collect();
        let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
        // Where the number's own part ends: after `〔2017〕第12号` or `第12号`.
        let mut found: Option<(usize, usize)> = None;
        for i in 0..chars.len() {
            if OPENING.contains(&chars[i]) {
                let year_end = i + 5;
                if year_end < chars.len()
                    && chars[i + 1..year_end].iter().all(|c| digit(*c))
                    && CLOSING.contains(&chars[year_end])
                {
                    let mut end = year_end + 1;
                    while end < chars.len() && chars[end] == '第' {
                        end += 1;
                    }
                    let digits_start = end;
                    while end < chars.len() && digit(chars[end]) {
                        end += 1;
                    }
                    if end == digits_start {
                        continue;
                    }
                    if end < chars.len() && matches!(chars[end], '号' | '號') {
                        end += 1;
                    }
                    found = Some((i, end));
                    break;
                }
            }
            if chars[i] == '第' {
                let mut end = i + 1;
                while end < chars.len() && digit(chars[end]) {
                    end += 1;
                }
                if end > i + 1 && end < chars.len() && matches!(chars[end], '号' | '號') {
                    found = Some((i, end + 1));
                    break;
                }
            }
        }
        let (anchor, end) = found?;
        // The words before: ideographs, letters and bracketed groups such as （鲅）, back to a
        // separator.
        let mut start = anchor;
        while start > 0 {
            let c = chars[start - 1];
            let part = c.is_alphanumeric() || OPENING.contains(&c) || CLOSING.contains(&c) || c == '-';
            if !part {
                break;
            }
            start -= 1;
        }
        // A number needs words before its year or 第 (`〔2017〕12号` alone names nothing); a
        // label in front (`处罚决定书`, `依据`) is not part of them.
        let mut prefix: String = chars[start..anchor].iter().collect();
        for label in LABELS {
            if let Some(rest) = prefix.strip_prefix(label)
                && !rest.is_empty()
            {
                prefix = rest.to_string();
                break;
            }
        }
        if prefix.is_empty() {
            return None;
        }
        let written = format!("{prefix}{}", chars[anchor..end].iter().collect::<String>());
        let number = DecisionNo::parse(&written).ok()?;
        Some((number, written))
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the number has the official shape `字〔年〕号`.
    pub fn is_official_form(&self) -> bool {
        self.0.contains('〔') && self.0.ends_with('号')
    }

    /// The year in the brackets, if any.
    pub fn year(&self) -> Option<i32> {
        let start = self.0.find('〔')? + '〔'.len_utf8();
        let end = self.0.find('〕')?;
        self.0.get(start..end)?.parse().ok()
    }
}

/// Spaces, control characters and the invisible ones a copy from a spreadsheet brings
/// (zero-width space, byte-order mark) dropped; full-width letters and digits made half-width;
/// the traditional 號 made 号.
fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control() && !matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}'))
        .map(|c| match c {
            // Full-width ASCII letters and digits (but not the brackets we look for).
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '號' => '号',
            _ => c,
        })
        .collect()
}

/// Brackets that are not around a year become full-width round ones: `(鲅)` and `【鲅】` are
/// `（鲅）`.
fn round_brackets(text: String) -> String {
    if !text.contains(|c| OPENING.contains(&c) || CLOSING.contains(&c)) {
        return text;
    }
    text.chars()
        .map(|c| {
            if OPENING.contains(&c) {
                '（'
            } else if CLOSING.contains(&c) {
                '）'
            } else {
                c
            }
        })
        .collect()
}

/// A number without a bracketed year: brackets made round, leading zeros after 第 dropped.
fn loose_form(cleaned: &str) -> String {
    let chars: Vec<char> = round_brackets(cleaned.to_string()).chars().collect();
    let mut out = String::with_capacity(cleaned.len());
    let mut i = 0;
    while i < chars.len() {
        out.push(chars[i]);
        if chars[i] == '第' {
            let mut zeros = i + 1;
            while zeros < chars.len() && chars[zeros] == '0' {
                zeros += 1;
            }
            // Zeros followed by another digit are padding; a lone 0 stays.
            if zeros > i + 1 && chars.get(zeros).is_some_and(char::is_ascii_digit) {
                i = zeros;
                continue;
            }
        }
        i += 1;
    }
    out
}

fn official_form(cleaned: &str) -> Option<String> {
    let chars: Vec<char> = cleaned.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if !OPENING.contains(c) {
            continue;
        }
        let year: String = chars.iter().skip(i + 1).take(4).collect();
        if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let Some(close) = chars.get(i + 5) else { continue };
        if !CLOSING.contains(close) {
            continue;
        }
        let prefix = round_brackets(chars[..i].iter().collect::<String>());
        let rest: String = chars[i + 6..].iter().collect();
        let rest = rest.trim_start_matches('第');
        let rest = rest.strip_suffix('号').unwrap_or(rest);
        let number = if !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()) {
            let trimmed = rest.trim_start_matches('0');
            if trimmed.is_empty() { "0".to_string() } else { trimmed.to_string() }
        } else {
            round_brackets(rest.to_string())
        };
        if number.is_empty() {
            return None;
        }
        return Some(format!("{prefix}〔{year}〕{number}号"));
    }
    None
}

impl fmt::Display for DecisionNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_is_one_number() {
        for text in [
            "鲅市监罚〔2017〕12号",
            "鲅市监罚[2017]12号",
            "鲅市监罚[2017]第12号",
            "鲅市监罚（2017）12号",
            "鲅市监罚(2017)12号",
            "鲅市监罚【2017】12号",
            "鲅市监罚［２０１７］第１２号",
            " 鲅市监罚 〔2017〕 12 号 ",
            "鲅市监罚〔2017〕012号",
            "鲅市监罚〔2017〕第0012号",
            "鲅市监罚〔2017〕12",
            "鲅市监罚﹝2017﹞12号",
            "鲅市监罚〔2017〕第 12 号",
            "鲅市监罚〔2017〕12號",
            "决定书：鲅市监罚〔2017〕12号",
            "处罚决定书文号:鲅市监罚[2017]第012號",
        ] {
            let no = DecisionNo::parse(text).unwrap();
            assert_eq!(no.as_str(), "鲅市监罚〔2017〕12号", "{text}");
            assert!(no.is_official_form());
            assert_eq!(no.year(), Some(2017));
        }
    }

    #[test]
    fn numbers_without_a_year_meet_too() {
        for text in ["罚字第012号", "罚字第12号", "罚字第12號", "罚字 第 0012 号", "文号：罚字第12号"]
        {
            assert_eq!(DecisionNo::parse(text).unwrap().as_str(), "罚字第12号", "{text}");
        }
        for text in ["（鲅）罚字第3号", "(鲅)罚字第3号", "【鲅】罚字第03号", "（鲅）罚字第3號"]
        {
            assert_eq!(DecisionNo::parse(text).unwrap().as_str(), "（鲅）罚字第3号", "{text}");
        }
        for text in ["(鲅)市监罚[2017]3号", "（鲅）市监罚〔2017〕第003号"] {
            assert_eq!(DecisionNo::parse(text).unwrap().as_str(), "（鲅）市监罚〔2017〕3号", "{text}");
        }
        assert_eq!(DecisionNo::parse("罚字第0号").unwrap().as_str(), "罚字第0号");
        assert_ne!(DecisionNo::parse("罚字第12号"), DecisionNo::parse("罚字第120号"));
    }

    #[test]
    fn invisible_characters_are_dropped_and_the_kept_form_reads_back() {
        let pasted = DecisionNo::parse("\u{FEFF}鲅市监罚\u{200B}〔2017〕12号\u{0}\t").unwrap();
        assert_eq!(pasted.as_str(), "鲅市监罚〔2017〕12号");
        // Found by fuzzing: 100 characters whose official form adds 号 made a 101-character
        // number that was kept, yet could not be read back.
        let long = format!("{}[2017]1", "罚".repeat(93));
        assert_eq!(long.chars().count(), 100);
        assert_eq!(DecisionNo::parse(&long), Err(DecisionNoError::TooLong));
        // Also found by fuzzing: 第 typed twice stayed once, then went on the next reading.
        assert_eq!(DecisionNo::parse("鲅市监罚[2017]第第12号").unwrap().as_str(), "鲅市监罚〔2017〕12号");
        let fits = format!("{}[2017]1", "罚".repeat(92));
        let kept = DecisionNo::parse(&fits).unwrap();
        assert_eq!(DecisionNo::parse(kept.as_str()), Ok(kept));
        for odd in ["鲅市监罚〔2017〕", "罚字第第012号", "a:b:(c)", "决定书：", "〔2017〕(1)号", "第00"]
        {
            if let Ok(once) = DecisionNo::parse(odd) {
                assert_eq!(DecisionNo::parse(once.as_str()), Ok(once.clone()), "{odd}");
            }
        }
        assert_eq!(DecisionNo::parse("决定书："), Err(DecisionNoError::Empty));
    }

    #[test]
    fn different_numbers_stay_different() {
        let a = DecisionNo::parse("鲅市监罚〔2017〕12号").unwrap();
        assert_ne!(a, DecisionNo::parse("鲅市监罚〔2017〕13号").unwrap());
        assert_ne!(a, DecisionNo::parse("鲅综执罚〔2017〕12号").unwrap());
        assert_ne!(a, DecisionNo::parse("鲅市监罚〔2016〕12号").unwrap());
    }

    #[test]
    fn unusual_numbers_are_kept() {
        let no = DecisionNo::parse("鲅综执 简 字 2017-3").unwrap();
        assert_eq!(no.as_str(), "鲅综执简字2017-3");
        assert!(!no.is_official_form());
        assert_eq!(DecisionNo::parse("   "), Err(DecisionNoError::Empty));
        assert_eq!(DecisionNo::parse(&"字".repeat(101)), Err(DecisionNoError::TooLong));
    }

    #[test]
    fn numbers_are_found_in_free_text() {
        for (text, written) in [
            ("决定书：鲅市监罚〔2017〕3号", "鲅市监罚〔2017〕3号"),
            ("决定书:鲅市监罚[2017]第3号，已缴清", "鲅市监罚[2017]第3号"),
            ("依据鲅市监罚（2017）3號缴纳罚款", "鲅市监罚（2017）3號"),
            ("处罚决定书鲅市监罚〔2017〕3号", "鲅市监罚〔2017〕3号"),
            ("（鲅）罚字第03号 罚款", "（鲅）罚字第03号"),
        ] {
            let (no, found) = DecisionNo::find_in(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(found, written, "{text}");
            assert_eq!(no, DecisionNo::parse(written).unwrap());
        }
        assert_eq!(DecisionNo::find_in("决定书：鲅市监罚〔2017〕3号").unwrap().0.as_str(), "鲅市监罚〔2017〕3号");
        for text in ["", "已缴清", "2017年罚款", "〔2017〕3号", "第3号", "鲅市监罚〔2017〕"] {
            assert_eq!(DecisionNo::find_in(text), None, "{text}");
        }
    }
}
