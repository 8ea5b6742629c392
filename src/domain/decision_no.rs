//! Decision numbers (处罚决定书文号) are written many ways — `鲅市监罚[2017]第12号`,
//! `鲅市监罚（2017）12号`, `鲅市监罚 【2017】 012 号` — but name one document. They are compared in
//! the official form `鲅市监罚〔2017〕12号` (六角括号, no 第, no leading zeros).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A decision number in its normalised form.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
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

impl DecisionNo {
    /// Normalises any spelling of a decision number. Numbers without a bracketed year are kept as
    /// typed (cleaned of spaces and full-width letters) so that they still compare equal to
    /// themselves.
    pub fn parse(text: &str) -> Result<DecisionNo, DecisionNoError> {
        if text.len() > 4 * MAX_CHARS {
            return Err(DecisionNoError::TooLong);
        }
        // Spaces, control characters and the invisible ones a copy from a spreadsheet brings
        // (zero-width space, byte-order mark) are not part of a number.
        let cleaned: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control() && !matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}'))
            .map(|c| match c {
                // Full-width ASCII letters and digits (but not the brackets we look for).
                '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                    char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
                }
                _ => c,
            })
            .collect();
        if cleaned.is_empty() {
            return Err(DecisionNoError::Empty);
        }
        // The limit applies to the number as kept (the official form may add 号), so that what
        // is kept always reads back as itself.
        let normalised = official_form(&cleaned).unwrap_or(cleaned);
        if normalised.chars().count() > MAX_CHARS {
            return Err(DecisionNoError::TooLong);
        }
        Ok(DecisionNo(normalised))
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

fn official_form(cleaned: &str) -> Option<String> {
    let chars: Vec<char> = cleaned.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let Some(kind) = OPENING.iter().position(|o| o == c) else { continue };
        let _ = kind;
        let year: String = chars.iter().skip(i + 1).take(4).collect();
        if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let Some(close) = chars.get(i + 5) else { continue };
        if !CLOSING.contains(close) {
            continue;
        }
        let prefix: String = chars[..i].iter().collect();
        let rest: String = chars[i + 6..].iter().collect();
        let rest = rest.trim_start_matches('第');
        let rest = rest.strip_suffix('号').unwrap_or(rest);
        let number = if !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()) {
            let trimmed = rest.trim_start_matches('0');
            if trimmed.is_empty() { "0".to_string() } else { trimmed.to_string() }
        } else {
            rest.to_string()
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
        ] {
            let no = DecisionNo::parse(text).unwrap();
            assert_eq!(no.as_str(), "鲅市监罚〔2017〕12号", "{text}");
            assert!(no.is_official_form());
            assert_eq!(no.year(), Some(2017));
        }
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
}
